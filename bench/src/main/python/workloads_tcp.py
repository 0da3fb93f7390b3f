"""The TCP workloads in asyncio streams (asyncio.start_server, asyncio.open_connection), the
same shape as the other peers': one loop runs the server and its clients on loopback.
"""
import asyncio

HOST = "127.0.0.1"
BACKLOG = 4096
ECHO_CONNECTIONS, ECHO_SIZE = 100, 1024
CONNS_SIZE, CONNS_ROUND_TRIPS, CONNS_CONNECTING = 64, 10, 500
STREAM_SIZE = 64 * 1024


async def echo_handler(reader, writer):
    while True:
        chunk = await reader.read(65536)
        if not chunk:
            break
        writer.write(chunk)
        await writer.drain()
    writer.close()


async def closing(server):
    server.close()
    await server.wait_closed()


async def tcp_echo(n, service=None):
    server = await asyncio.start_server(echo_handler, HOST, 0, backlog=BACKLOG)
    port = server.sockets[0].getsockname()[1]
    message = bytes(ECHO_SIZE)
    each = n // ECHO_CONNECTIONS

    async def client():
        reader, writer = await asyncio.open_connection(HOST, port)
        for _ in range(each):
            writer.write(message)
            await writer.drain()
            await reader.readexactly(ECHO_SIZE)
        writer.close()
        await writer.wait_closed()
        return each

    total = sum(await asyncio.gather(*(client() for _ in range(ECHO_CONNECTIONS))))
    await closing(server)
    return total


async def tcp_echo_conns(n, service=None):
    server = await asyncio.start_server(echo_handler, HOST, 0, backlog=BACKLOG)
    port = server.sockets[0].getsockname()[1]
    message = bytes(CONNS_SIZE)
    connecting = asyncio.Semaphore(CONNS_CONNECTING)
    all_done = asyncio.Event()
    done = 0

    async def client():
        nonlocal done
        async with connecting:
            reader, writer = await asyncio.open_connection(HOST, port)
        for _ in range(CONNS_ROUND_TRIPS):
            writer.write(message)
            await writer.drain()
            await reader.readexactly(CONNS_SIZE)
        done += 1
        if done == n:
            all_done.set()
        await all_done.wait()
        writer.close()
        await writer.wait_closed()
        return CONNS_ROUND_TRIPS

    total = sum(await asyncio.gather(*(client() for _ in range(n))))
    await closing(server)
    return total


async def tcp_stream(n, service=None):
    total = n * STREAM_SIZE
    received = 0

    async def handler(reader, writer):
        nonlocal received
        while received < total:
            chunk = await reader.read(65536)
            if not chunk:
                raise ConnectionError("stream ended after %d bytes" % received)
            received += len(chunk)
        writer.write(b"\x01")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handler, HOST, 0, backlog=BACKLOG)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection(HOST, port)
    message = bytes(STREAM_SIZE)
    for _ in range(n):
        writer.write(message)
        await writer.drain()
    await reader.readexactly(1)
    writer.close()
    await writer.wait_closed()
    await closing(server)
    return received


WORKLOADS = {
    "tcp-echo": tcp_echo,
    "tcp-echo-conns": tcp_echo_conns,
    "tcp-stream": tcp_stream,
}
