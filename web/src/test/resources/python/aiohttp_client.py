# An aiohttp client: N concurrent GETs over keep-alive connections (no connection limit), then a
# second round on the same pooled connections. Raises the fd limit to the hard limit first.
import asyncio, json, resource, sys
import aiohttp

async def main(base, n, path):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    out = {"fd_limit": resource.getrlimit(resource.RLIMIT_NOFILE)[0]}
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as session:
        async def one(p):
            async with session.get(p) as r:
                return r.status, await r.text()
        first = await asyncio.gather(*(one(path) for _ in range(n)), return_exceptions=True)
        out["first_ok"] = sum(1 for r in first if not isinstance(r, BaseException) and r[0] == 200)
        out["first_errors"] = sorted({repr(r)[:200] for r in first if isinstance(r, BaseException) or r[0] != 200})[:5]
        out["pooled"] = sum(len(v) for v in connector._conns.values())
        second = await asyncio.gather(*(one("/") for _ in range(min(n, 1000))), return_exceptions=True)
        out["second_ok"] = sum(1 for r in second if not isinstance(r, BaseException) and r[0] == 200)
    print(json.dumps(out))

asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3]))
