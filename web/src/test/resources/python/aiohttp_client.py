# An aiohttp client: N concurrent GETs of argv[3] over keep-alive connections (no connection
# limit), then a second round of GET / on the pooled connections. Prints a JSON summary.
import asyncio, json, sys
import aiohttp

async def main(base, n, path):
    out = {}
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as session:
        async def one(p):
            async with session.get(p) as r:
                return r.status, r.headers.get("X-Request-Id"), await r.text()
        first = await asyncio.gather(*(one(path) for _ in range(n)), return_exceptions=True)
        out["first_ok"] = sum(1 for r in first if not isinstance(r, BaseException) and r[0] == 200)
        out["ids_unique"] = len({r[1] for r in first if not isinstance(r, BaseException)}) == n
        out["errors"] = sorted({repr(r)[:200] for r in first if isinstance(r, BaseException) or r[0] != 200})[:5]
        second = await asyncio.gather(*(one("/") for _ in range(n)), return_exceptions=True)
        out["second_ok"] = sum(1 for r in second if not isinstance(r, BaseException) and r[0] == 200)
        out["second_body"] = sorted({r[2] for r in second if not isinstance(r, BaseException)})
    print(json.dumps(out))

asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3]))
