"""Generate N realistic, distinct disclosures from the sample: benchmark data, not test fixtures.

Each document is the sample under another city, department, budget code and year, with its
report-table amounts (two-decimal figures in 万元) multiplied by a whole factor, so every table
still adds up exactly and no two documents share an amount pattern or a content hash; its
projects keep their 元 figures. Documents are written as ``doc0000.txt`` ... into the folder.

    .venv/bin/python benchmarks/generate_corpus.py OUT_DIR -n 100 [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import re
from decimal import Decimal
from pathlib import Path

from budgetkg.resources import sample_document

CITIES = ("太原市", "大同市", "阳泉市", "长治市", "晋城市", "朔州市", "晋中市", "运城市", "忻州市",
          "临汾市", "吕梁市", "石家庄市", "唐山市", "保定市", "邯郸市", "洛阳市", "开封市", "许昌市")
DEPARTMENTS = ("行政审批服务管理局", "民政局", "司法局", "人力资源和社会保障局", "自然资源局",
               "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局",
               "文化和旅游局", "卫生健康委员会", "退役军人事务局", "应急管理局", "市场监督管理局",
               "统计局", "医疗保障局", "林业局", "信访局")
AMOUNT = re.compile(r"(?<![\d.])(\d{1,9}\.\d{2})(?![\d.])")


def variant(text: str, i: int, rng: random.Random) -> str:
    dept = re.search(r"^# (.+)$", text, re.MULTILINE).group(1).strip()
    name = f"{CITIES[i % len(CITIES)]}{DEPARTMENTS[(i // len(CITIES)) % len(DEPARTMENTS)]}"
    if i >= len(CITIES) * len(DEPARTMENTS):
        name += f"第{i // (len(CITIES) * len(DEPARTMENTS)) + 1}分局"
    year = 2019 + i % 7
    factor = 1 + i % 5
    out = text.replace(dept, name)
    out = re.sub(r"\b026-", f"{100 + i % 900:03d}-", out)
    out = out.replace("2024", str(year)).replace("2023", str(year - 1))
    if factor > 1:
        out = AMOUNT.sub(lambda m: f"{Decimal(m.group(1)) * factor:.2f}", out)
    return out + f"\n<!-- generated {i} {rng.random():.6f} -->\n"


def generate(folder: Path, n: int, seed: int = 7) -> list[Path]:
    text = sample_document().read_text(encoding="utf-8")
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"doc{i:04d}.txt"
        p.write_text(text if i == 0 else variant(text, i, rng), encoding="utf-8")
        paths.append(p)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("-n", type=int, default=10)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    paths = generate(args.out_dir, args.n, args.seed)
    print(f"wrote {len(paths)} documents to {args.out_dir}")


if __name__ == "__main__":
    main()
