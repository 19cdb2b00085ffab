"""The choices the company start-up form offers for the parallel branches (并联): banks, seal makers,
seal kinds, taxpayer types and invoice kinds. Codes are what the branch services receive; the
labels are what the founder sees. The banks and seal makers are the demo installation's; a real
installation loads its own (the seal makers filed with the public-security bureau, the banks with
branches in the district)."""

from __future__ import annotations

# Bank branches in 斗门区 that take account-opening appointments (银行开户预约).
BANKS: dict[str, str] = {
    "icbc_doumen": "中国工商银行珠海斗门支行",
    "abc_doumen": "中国农业银行珠海斗门支行",
    "boc_doumen": "中国银行珠海斗门支行",
    "ccb_doumen": "中国建设银行珠海斗门支行",
    "zhrcb_doumen": "珠海农村商业银行斗门支行",
}

# Seal makers filed with the public-security bureau (公章刻制备案); the first engraving set is free
# of charge to new companies in Zhuhai (企业开办“零成本”).
SEAL_MAKERS: dict[str, str] = {
    "seal_jingan": "斗门区井岸镇印章刻制服务点",
    "seal_baiteng": "斗门区白藤街道印章刻制服务点",
    "seal_centre": "斗门区政务服务中心印章刻制窗口",
}

# The five seals of the free starter set (《印章刻制备案》): the official seal is always made.
SEAL_KINDS: dict[str, str] = {
    "official": "公章",
    "finance": "财务专用章",
    "invoice": "发票专用章",
    "contract": "合同专用章",
    "representative": "法定代表人名章",
}
REQUIRED_SEAL_KINDS = ("official",)

TAXPAYER_TYPES: dict[str, str] = {
    "small_scale": "小规模纳税人",
    "general": "一般纳税人",
}

# 新办纳税人套餐: fully digital invoices (数电发票) need no tax-control device.
INVOICE_KINDS: dict[str, str] = {
    "digital_ordinary": "数电发票（普通发票）",
    "digital_special": "数电发票（增值税专用发票）",
}
