"""http-get with aiohttp (the "aiohttp" peer): one ClientSession, 100 workers."""
import asyncio

import aiohttp

FLAVOURS = {"aiohttp"}
CONCURRENCY = 100


def share(n, w):
    return n // CONCURRENCY + (1 if w < n % CONCURRENCY else 0)


async def http_get(n, url):
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONCURRENCY)) as session:
        async def worker(count):
            got = 0
            for _ in range(count):
                async with session.get(url) as r:
                    got += len(await r.read())
            return got
        return sum(await asyncio.gather(*(worker(share(n, w)) for w in range(CONCURRENCY))))


WORKLOADS = {"http-get": http_get}
