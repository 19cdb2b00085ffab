"""Fields of each certificate type (照面字段) and which of them a verifier sees after a scan.

Types not listed get the common fields. Field names follow the printed certificates.
"""

COMMON = [{"key": "issued_on", "label": "发证日期"}]

FIELDS = {
    "居民身份证": (
        [("gender", "性别"), ("ethnicity", "民族"), ("birth_date", "出生"), ("address", "住址"), ("issued_on", "签发日期")],
        ["gender", "birth_date"],
        None,  # the card's own validity is written into valid_until
    ),
    "居民户口簿": ([("household_number", "户号"), ("household_type", "户别"), ("address", "住址"), ("relationship", "与户主关系")], ["household_type", "relationship"], None),
    "结婚证": ([("spouse_name", "配偶姓名"), ("registered_on", "登记日期"), ("registry", "登记机关")], ["spouse_name", "registered_on"], None),
    "离婚证": ([("former_spouse_name", "原配偶姓名"), ("registered_on", "登记日期")], ["registered_on"], None),
    "出生医学证明": (
        [("gender", "性别"), ("birth_date", "出生日期"), ("birth_place", "出生地点"), ("mother_name", "母亲姓名"), ("father_name", "父亲姓名"), ("hospital", "接生机构")],
        ["gender", "birth_date", "mother_name", "father_name"],
        None,
    ),
    "残疾人证": ([("category", "残疾类别"), ("grade", "残疾等级"), ("issued_on", "发证日期")], ["category", "grade"], 10),
    "社会保障卡": ([("card_number", "社会保障号码"), ("bank", "发卡银行"), ("issued_on", "发卡日期")], ["bank"], 10),
    "居住证": ([("address", "居住地址"), ("issued_on", "签发日期")], ["address"], 1),
    "营业执照": (
        [("company_type", "类型"), ("legal_representative", "法定代表人"), ("registered_capital", "注册资本"), ("established_on", "成立日期"), ("address", "住所"), ("scope", "经营范围")],
        ["company_type", "legal_representative", "established_on", "address"],
        None,
    ),
    "食品经营许可证": ([("operator", "经营者名称"), ("address", "经营场所"), ("main_business", "主体业态"), ("scope", "经营项目")], ["main_business", "scope"], 5),
    "公共场所卫生许可证": ([("operator", "单位名称"), ("address", "地址"), ("category", "许可项目")], ["category"], 4),
    "营业性演出许可证": ([("category", "类别"), ("scope", "经营范围"), ("issued_on", "发证日期")], ["category", "scope"], 2),
    # Issued by the department that decided the case, to a person or a company (the type's own issuer
    # is only the default).
    "审批结果通知书": (
        [("item_name", "办理事项"), ("case_number", "办件编号"), ("decision", "审批结果"), ("decided_on", "办结日期"),
         ("department", "办理部门"), ("text", "审批意见")],
        ["item_name", "case_number", "decision", "decided_on", "department"],
        None,
    ),
    # Issued when a 无犯罪记录证明 case is approved; the conclusion is the standard wording.
    "无犯罪记录证明": (
        [("purpose", "用途"), ("receiving_unit", "证明使用单位"),
         ("conclusion", "查询结果", "经查询，截至出具日期，未发现申请人在中国境内有犯罪记录。"), ("issued_on", "出具日期")],
        ["purpose", "receiving_unit", "conclusion", "issued_on"],
        None,
    ),
    "职业资格证书": ([("profession", "职业（工种）"), ("level", "等级"), ("issued_on", "发证日期")], ["profession", "level"], None),
}


def fields_for(name: str) -> tuple[list[dict], list[str], int | None]:
    spec = FIELDS.get(name)
    if spec is None:
        return COMMON, ["issued_on"], None
    fields, shown, years = spec
    # A third element is the value a certificate issued from a case gets when the case has none.
    return [{"key": f[0], "label": f[1], **({"default": f[2]} if len(f) > 2 else {})} for f in fields], shown, years
