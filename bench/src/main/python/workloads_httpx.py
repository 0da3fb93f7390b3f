"""http-get with httpx (the "httpx" peer): one AsyncClient, 100 workers."""
import asyncio

import httpx

FLAVOURS = {"httpx"}
CONCURRENCY = 100


def share(n, w):
    return n // CONCURRENCY + (1 if w < n % CONCURRENCY else 0)


async def http_get(n, url):
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(limits=limits) as client:
        async def worker(count):
            got = 0
            for _ in range(count):
                r = await client.get(url)
                got += len(r.content)
            return got
        return sum(await asyncio.gather(*(worker(share(n, w)) for w in range(CONCURRENCY))))


WORKLOADS = {"http-get": http_get}
