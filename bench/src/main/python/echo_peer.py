"""The echo benchmark in Python asyncio streams, the same shape as jasyncio's EchoBenchmark: one
loop runs an echo server (asyncio.start_server) and N clients (asyncio.open_connection) on
loopback; each client writes a message, drains, reads it back exactly, and repeats until the time
is up.

Usage: echo_peer.py asyncio|uvloop [connections=100] [size=1024] [seconds=5]
Prints: "<peer>-echo connections=N size=S seconds=T roundtrips=R rps=X", or "na REASON".
"""
import asyncio
import sys
import time


async def main(connections, size, seconds):
    async def handle(reader, writer):
        while True:
            chunk = await reader.read(65536)
            if not chunk:
                break
            writer.write(chunk)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    message = b"x" * size
    deadline = time.perf_counter() + seconds

    async def client():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        count = 0
        while time.perf_counter() < deadline:
            writer.write(message)
            await writer.drain()
            await reader.readexactly(size)
            count += 1
        writer.close()
        await writer.wait_closed()
        return count

    counts = await asyncio.gather(*(client() for _ in range(connections)))
    server.close()
    await server.wait_closed()
    return sum(counts)


if __name__ == "__main__":
    peer = sys.argv[1] if len(sys.argv) > 1 else "asyncio"
    opts = dict(a.split("=", 1) for a in sys.argv[2:])
    connections = int(opts.get("connections", 100))
    size = int(opts.get("size", 1024))
    seconds = float(opts.get("seconds", 5))
    if peer == "uvloop":
        try:
            import uvloop
        except ImportError:
            print("na uvloop is not installed (apt-get install python3-uvloop)")
            sys.exit(0)
        uvloop.install()
    total = asyncio.run(main(connections, size, seconds))
    print(f"{peer}-echo connections={connections} size={size} seconds={seconds:.2f} "
          f"roundtrips={total} rps={total / seconds:.1f}")
