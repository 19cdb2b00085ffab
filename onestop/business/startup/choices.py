"""What the start-up form offers: company types, Doumen's towns and streets, officer roles and a
standard list of business-scope wordings (in the style of SAMR's 经营范围规范表述目录)."""

from __future__ import annotations

SOLE_PERSON_LLC = "有限责任公司（自然人独资）"
PERSONS_LLC = "有限责任公司（自然人投资或控股）"
SOLE_PROPRIETORSHIP = "个人独资企业"
COMPANY_TYPES = (SOLE_PERSON_LLC, PERSONS_LLC, SOLE_PROPRIETORSHIP)
LIMITED_COMPANIES = (SOLE_PERSON_LLC, PERSONS_LLC)

# The six towns and streets of 斗门区.
TOWNS = ("井岸镇", "白藤街道", "莲洲镇", "斗门镇", "乾务镇", "白蕉镇")

DIRECTOR, MANAGER, SUPERVISOR = "执行董事", "经理", "监事"
ROLES = (DIRECTOR, MANAGER, SUPERVISOR)

# (wording, kind): 一般项目 need no licence; 许可项目 need one after the licence (后置审批), which the
# company applies for before trading. ``review`` marks wordings that 秒批 never decides alone.
SCOPE: tuple[tuple[str, str], ...] = (
    ("餐饮服务", "许可项目"),
    ("食品销售", "许可项目"),
    ("食品互联网销售", "许可项目"),
    ("酒类经营", "许可项目"),
    ("烟草制品零售", "许可项目"),
    ("道路货物运输（不含危险货物）", "许可项目"),
    ("住宿服务", "许可项目"),
    ("小餐饮、小食杂、食品小作坊经营", "许可项目"),
    ("危险化学品经营", "许可项目"),
    ("第二类增值电信业务", "许可项目"),
    ("软件开发", "一般项目"),
    ("信息技术咨询服务", "一般项目"),
    ("信息系统集成服务", "一般项目"),
    ("数据处理和存储支持服务", "一般项目"),
    ("技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广", "一般项目"),
    ("日用百货销售", "一般项目"),
    ("服装服饰零售", "一般项目"),
    ("五金产品零售", "一般项目"),
    ("家用电器销售", "一般项目"),
    ("电子产品销售", "一般项目"),
    ("农副产品销售", "一般项目"),
    ("食用农产品零售", "一般项目"),
    ("水产品零售", "一般项目"),
    ("花卉种植", "一般项目"),
    ("蔬菜种植", "一般项目"),
    ("水产养殖", "许可项目"),
    ("会议及展览服务", "一般项目"),
    ("企业管理咨询", "一般项目"),
    ("市场营销策划", "一般项目"),
    ("广告设计、代理", "一般项目"),
    ("广告制作", "一般项目"),
    ("平面设计", "一般项目"),
    ("物业管理", "一般项目"),
    ("家政服务", "一般项目"),
    ("洗染服务", "一般项目"),
    ("美甲服务", "一般项目"),
    ("健身休闲活动", "一般项目"),
    ("机动车修理和维护", "一般项目"),
    ("普通货物仓储服务（不含危险化学品等需许可审批的项目）", "一般项目"),
    ("国内货物运输代理", "一般项目"),
    ("货物进出口", "许可项目"),
    ("建设工程施工", "许可项目"),
    ("装饰装修（住宅室内装饰装修除外）", "一般项目"),
    ("园林绿化工程施工", "一般项目"),
    ("教育咨询服务（不含涉许可审批的教育培训活动）", "一般项目"),
    ("劳务派遣服务", "许可项目"),
)
SCOPE_KIND = dict(SCOPE)
# Wordings whose standard case 秒批 does not cover: a 市场监督管理局 clerk reviews them.
SCOPE_NEEDING_REVIEW = {
    "危险化学品经营": "经营范围含“危险化学品经营”，须核实经营场所和储存条件",
    "劳务派遣服务": "经营范围含“劳务派遣服务”，须核实注册资本实缴情况（《劳动合同法》第五十七条）",
}
MAX_SCOPE = 15
