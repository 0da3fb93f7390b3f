"""The HTTP server workloads in aiohttp.web (on asyncio's loop, or uvloop's under the uvloop peer):
serve GET / with 1 KiB until n requests are answered while wrk loads the server from its own
process (2 threads, 100 keep-alive connections). Returns the number answered.
"""
import asyncio
import shutil

from aiohttp import web

BODY = bytes(1024)


async def serve(n, await_seconds):
    if shutil.which("wrk") is None:
        raise NotImplementedError("wrk is not installed (apt-get install wrk)")
    enough = asyncio.Event()
    answered = 0

    async def handler(request):
        nonlocal answered
        if await_seconds:
            await asyncio.sleep(await_seconds)
        answered += 1
        if answered == n:
            enough.set()
        return web.Response(body=BODY, content_type="application/octet-stream")

    app = web.Application()
    app.router.add_get("/", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, backlog=4096)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    wrk = await asyncio.create_subprocess_exec(
        "wrk", "-t2", "-c100", "-d600s", "http://127.0.0.1:%d/" % port,
        stdout=asyncio.subprocess.DEVNULL)
    try:
        await enough.wait()
    finally:
        wrk.terminate()
        await wrk.wait()
        await runner.cleanup()
    return answered


async def http_server(n, service=None):
    return await serve(n, 0)


async def http_server_await(n, service=None):
    return await serve(n, 0.010)


WORKLOADS = {"http-server": http_server, "http-server-await": http_server_await}
