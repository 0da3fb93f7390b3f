"""Seed 000's real_world_example_async3 against the pipeline's image server: httpx.AsyncClient
downloads under asyncio.Semaphore(4), written with aiofiles, then the seed's edge filter on every
image in a ProcessPoolExecutor (Pillow decodes and encodes; the filter is the seed's Python loop).

Usage: pipeline_peer.py URLS_FILE OUT_DIR
Prints one JSON line: {"download": s, "process": s, "total": s, "ok": n, "failed": n}.
`./jasyncio pipeline --compare --python-peer THIS_FILE` runs it against the same server.
"""
import asyncio
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import aiofiles
import httpx
from PIL import Image

DOWNLOAD_LIMIT = 4


def process_single_image(orig_path, processed_dir):
    """The seed's filter: right and lower neighbours, sum of |dR|+|dG|+|dB|, // count, > 30."""
    save_path = processed_dir / (orig_path.stem + ".jpg")
    with Image.open(orig_path) as img:
        img = img.convert("RGB")
        data = list(img.getdata())
        width, height = img.size
        new_data = []
        for i in range(len(data)):
            current_r, current_g, current_b = data[i]
            total_diff = 0
            neighbor_count = 0
            for dx, dy in ((1, 0), (0, 1)):
                x = (i % width) + dx
                y = (i // width) + dy
                if 0 <= x < width and 0 <= y < height:
                    neighbor_r, neighbor_g, neighbor_b = data[y * width + x]
                    diff = (abs(current_r - neighbor_r) + abs(current_g - neighbor_g)
                            + abs(current_b - neighbor_b))
                    total_diff += diff
                    neighbor_count += 1
            if neighbor_count > 0:
                edge_strength = total_diff // neighbor_count
                new_data.append((255, 255, 255) if edge_strength > 30 else (0, 0, 0))
            else:
                new_data.append((0, 0, 0))
        new_img = Image.new("RGB", (width, height))
        new_img.putdata(new_data)
        new_img.save(save_path)
    return save_path


async def download_single_image(client, url, index, download_dir, semaphore):
    async with semaphore:
        path = download_dir / f"{index:03d}.jpg"
        response = await client.get(url, follow_redirects=True)
        response.raise_for_status()
        async with aiofiles.open(path, "wb") as f:
            await f.write(response.content)
        return path


async def download_images(urls, download_dir):
    semaphore = asyncio.Semaphore(DOWNLOAD_LIMIT)
    async with httpx.AsyncClient(timeout=120) as client:
        results = await asyncio.gather(
            *(download_single_image(client, u, i, download_dir, semaphore) for i, u in enumerate(urls)),
            return_exceptions=True)
    return results


async def process_images(paths, processed_dir):
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor() as executor:
        return await asyncio.gather(
            *(loop.run_in_executor(executor, process_single_image, p, processed_dir) for p in paths),
            return_exceptions=True)


async def main(urls_file, out_dir):
    urls = [line.split("#")[0].strip() for line in Path(urls_file).read_text().splitlines()]
    urls = [u for u in urls if u]
    download_dir = Path(out_dir) / "downloads"
    processed_dir = Path(out_dir) / "processed"
    download_dir.mkdir(parents=True, exist_ok=True)
    processed_dir.mkdir(parents=True, exist_ok=True)

    start = time.perf_counter()
    downloaded = await download_images(urls, download_dir)
    download_time = time.perf_counter() - start
    paths = [p for p in downloaded if isinstance(p, Path)]
    process_start = time.perf_counter()
    processed = await process_images(paths, processed_dir)
    process_time = time.perf_counter() - process_start
    total = time.perf_counter() - start
    ok = sum(1 for p in processed if isinstance(p, Path))
    print(json.dumps({"download": download_time, "process": process_time, "total": total,
                      "ok": ok, "failed": len(urls) - ok}))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: pipeline_peer.py URLS_FILE OUT_DIR")
    asyncio.run(main(sys.argv[1], sys.argv[2]))
