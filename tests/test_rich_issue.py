"""Generated issues with what editors really send beside prose — numbered and
bulleted lists, a narrow and a wide table (a phone number and a time that never
break), URLs, e-mail, phone numbers, rare names, boxed notices — built in both
themes: they build, pass preflight and the typography audit, and every such
piece reaches the PDF's text whole."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from conftest import run_layout
from tools.issuegen import random_spec, write_issue

EXTRAS = [
    ("1. 携带本人身份证原件及复印件；\n2. 填写《社区志愿者登记表》，可在https://www.shanghai.gov.cn/xinjing/volunteer下载；\n"
    "3. 参加一次不少于2小时的岗前培训。"),
    "- 请勿在楼道内堆放杂物，保持消防通道畅通；\n- 电动自行车请到指定地点充电，严禁“飞线充电”；\n- 发现火情请立即拨打119。",
    "| 门诊 | 时间 |\n|:--|--:|\n| 全科门诊 | 8:00—16:30 |\n| 中医门诊 | 8:00—11:30 |",
    ("| 项目 | 时间 | 地点 | 联系电话 |\n|:---|:---:|:---|---:|\n| 家庭医生咨询 | 每周二上午 | 社区卫生服务站 | 021-62345678 |\n"
    "| 法律援助 | 每月第一个周六 | 党群服务中心二楼 | 021-62345679 |\n| 老年助餐 | 每天11:00—12:30 | 新泾路88号 | 021-62345680 |"),
    ("详情请访问https://www.changning.sh.cn/xinjing/news/2025/09/index.html?from=print或拨打热线021-6259-4521"
    "（工作日9:00—17:00）咨询，也可发邮件至xinjing-service@example.org。"),
    "居民龚䶮、陈堃、吉𠮷祥和王𫖯等人也参与了活动，阿依古丽·买买提说：“真好！”",
]
WHOLE = ["021-62345678", "11:00—12:30", "021-6259-4521", "xinjing-service@example.org", "𠮷", "𫖯", "119"]


def rich_issue(root: Path, theme: str, seed: int, pages: int = 4) -> Path:
    rng = random.Random(seed * 7 + 1)
    spec = random_spec(seed, pages=pages, theme=None if theme == "tabloid" else theme, fill=(0.7, 0.9))
    for a in spec.articles:
        if a.chars < 400 and rng.random() < 0.3:
            a.box = True
    folder = write_issue(root / "2025-08", spec, seed=seed)
    parts = re.split(r"(?m)^(?=  - id: )", (folder / "issue.yaml").read_text(encoding="utf-8"))
    for i in range(1, len(parts)):
        if rng.random() >= 0.5:
            continue
        extra = "\n".join("      " + ln for ln in rng.choice(EXTRAS).split("\n"))
        head = re.search(r"    body: \|\n", parts[i])
        assert head is not None
        end = parts[i].find("\n\n", head.end())  # after the body's first paragraph
        if end < 0:
            parts[i] = parts[i].rstrip("\n") + "\n\n" + extra + "\n"
        else:
            parts[i] = parts[i][:end] + "\n\n" + extra + parts[i][end:]
    (folder / "issue.yaml").write_text("".join(parts), encoding="utf-8")
    return folder


# a4 701 and tabloid 1000 (5 pages): wide tables set across their modules between the text around
# them leave lines over on the last page; set at the top of their bodies, the issues fit
@pytest.mark.parametrize(("theme", "seed", "pages"), [("tabloid", 803, 4), ("a4", 701, 4), ("tabloid", 1000, 5)])
def test_a_rich_generated_issue_builds_and_holds_preflight_and_the_audit(tmp_path, theme, seed, pages):
    import pdfplumber

    folder = rich_issue(tmp_path / "issues", theme, seed, pages)
    source = (folder / "issue.yaml").read_text(encoding="utf-8")
    assert "联系电话" in source and "- 请勿" in source  # the wide table and a list are in it
    out = tmp_path / "out"
    done = run_layout("build", folder, "--out", out, "--no-preview")
    assert done.returncode == 0, done.stderr
    assert "preflight passed" in (out / folder.name / "report.txt").read_text(encoding="utf-8")
    proof = next((out / folder.name).glob("*-proof.pdf"))
    audit = run_layout("check", "--typography", proof)
    assert audit.returncode == 0, audit.stdout[-3000:]
    with pdfplumber.open(str(proof)) as pdf:
        text = "".join(c["text"] for page in pdf.pages for c in page.chars)
    for piece in WHOLE:
        if piece in source:
            assert piece in text, piece
