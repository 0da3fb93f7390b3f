# 10,000 (argv[2]) keep-alive HTTP/1.1 connections with plain asyncio streams: each sends a
# request to argv[3] and reads the answer while all stay open, then a second request on the same
# socket. Raises the fd limit to the hard limit first. Prints a JSON summary.
import asyncio, json, resource, sys

async def request(reader, writer, path):
    writer.write(("GET %s HTTP/1.1\r\nHost: test\r\n\r\n" % path).encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status

async def main(host, port, n, path):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    connecting = asyncio.Semaphore(500)  # stay within the listen backlog
    conns = []

    async def one():
        async with connecting:
            reader, writer = await asyncio.open_connection(host, port)
        conns.append((reader, writer))
        return await request(reader, writer, path)

    first = await asyncio.wait_for(asyncio.gather(*(one() for _ in range(n)), return_exceptions=True), 150)
    out = {"first_ok": sum(1 for r in first if r == 200),
           "errors": sorted({repr(r)[:200] for r in first if r != 200})[:5]}
    second = await asyncio.wait_for(asyncio.gather(*(request(r, w, "/") for r, w in conns),
                                                   return_exceptions=True), 150)
    out["second_ok_same_socket"] = sum(1 for r in second if r == 200)
    for _, w in conns:
        w.close()
    print(json.dumps(out))

asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]))
