# A Python websockets server for jasyncio's WebSocketClient: echoes messages; "close-me" closes
# with 4001 "bye"; "ping-me" makes the server ping first. Prints its port, then serves until stdin ends.
import asyncio, sys
import websockets

async def handler(ws, *rest):
    async for m in ws:
        if m == "close-me":
            await ws.close(4001, "bye")
            return
        if m == "ping-me":
            await asyncio.wait_for(await ws.ping(b"from python"), 10)
            await ws.send("pinged")
            continue
        await ws.send(m)

async def main():
    async with websockets.serve(handler, "127.0.0.1", 0, max_size=2**20) as server:
        port = server.sockets[0].getsockname()[1]
        print(port, flush=True)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, sys.stdin.read)

asyncio.run(main())
