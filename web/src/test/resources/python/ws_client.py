# A Python websockets client against a jasyncio server's echo route: text, binary, ping/pong,
# then a message past the server's size limit, which must close the connection with 1009.
import asyncio, json, sys
import websockets

async def main(url, big):
    out = {}
    async with websockets.connect(url, max_size=None) as ws:
        await ws.send("hello")
        out["text"] = await ws.recv()
        await ws.send(b"\x00\x01\x02")
        out["binary"] = list(await ws.recv())
        pong = await ws.ping(b"are you there")
        await asyncio.wait_for(pong, 10)
        out["pong"] = True
        many = [f"m{i}" for i in range(100)]
        for m in many:
            await ws.send(m)
        out["ordered"] = [await ws.recv() for _ in many] == many
    out["normal_close"] = ws.close_code
    async with websockets.connect(url, max_size=None) as ws:
        await ws.send("x" * big)
        try:
            await asyncio.wait_for(ws.recv(), 10)
            out["too_big"] = "answered"
        except websockets.ConnectionClosed as e:
            out["too_big"] = e.rcvd.code if e.rcvd else None
    print(json.dumps(out))

asyncio.run(main(sys.argv[1], int(sys.argv[2])))
