"""The synonym table: everyday words people type find the items they mean (top 5), and the table
is well formed, shared with the assistant, and names only terms the catalogue uses."""

import pytest

from onestop.assistant import lexicon
from onestop.catalog import search_index, synonyms
from onestop.catalog.services import ItemFilters, find_items

pytestmark = pytest.mark.django_db

# (what a citizen types, part of the name of an item that must be among the first five results)
EVERYDAY_QUERIES = [
    ("社保卡", "社会保障卡申领"), ("补社保卡", "社会保障卡补领"), ("饭店", "食品(含保健食品)经营许可核发"),
    ("餐饮", "食品(含保健食品)经营许可核发"), ("开餐馆", "食品(含保健食品)经营许可核发"), ("奶茶店", "食品(含保健食品)经营许可核发"),
    ("新生儿", "《出生医学证明》首次签发"), ("新生儿上户口", "户口登记"), ("宝宝打疫苗", "《预防接种证》办理"),
    ("上户口", "户口登记"), ("落户", "户口迁移审批"), ("迁户口", "户口迁移审批"), ("身份证", "居民身份证"),
    ("良民证", "无犯罪记录证明"), ("无犯罪证明", "无犯罪记录证明"), ("护照", "普通护照"), ("暂住证", "居住证"),
    ("社保证明", "个人参保证明查询打印"), ("退休", "企业职工基本养老保险正常退休申请"), ("养老金", "城乡居民基本养老保险待遇申领"),
    ("失业金", "失业保险金"), ("没工作", "失业登记"), ("自由职业", "灵活就业人员"), ("住院报销", "住院费用报销"),
    ("慢性病", "门诊慢特病"), ("异地就医", "异地"), ("产假", "生育津贴"), ("准生证", "生育登记"), ("出生证", "出生医学证明"),
    ("领证", "结婚登记"), ("离婚", "离婚登记"), ("高龄补贴", "高龄津贴"), ("长寿金", "高龄津贴"), ("低保", "最低生活保障"),
    ("残疾证", "残疾人证"), ("残疾补贴", "困难残疾人生活补贴"), ("养老院", "养老机构"), ("打官司", "法律援助"),
    ("欠工资", "劳动人事争议仲裁"), ("公租房", "公共租赁住房"), ("退伍", "退役士兵"), ("教师证", "教师资格认定"),
    ("开店", "个体工商户设立登记"), ("个体户", "个体工商户设立登记"), ("卖烟", "烟草专卖零售许可证"), ("开公司", "公司设立登记"),
    ("注册公司", "公司设立登记"), ("开发票", "代开增值税普通发票"), ("一般纳税人", "增值税一般纳税人登记"), ("合作社", "农民专业合作社"),
    ("开诊所", "中医诊所备案"), ("民宿", "旅馆业特种行业许可证核发"), ("宾馆", "旅馆业特种行业许可证核发"), ("ktv", "歌舞娱乐场所"),
    ("网约车", "网络预约出租汽车运输证"), ("汽修", "机动车维修经营备案"), ("拉货", "道路货物运输"), ("捕鱼", "渔业捕捞许可"),
    ("宠物医院", "动物诊疗许可"), ("砍树", "林木采伐许可证"), ("建房", "乡村建设规划许可证"), ("广告牌", "设置大型户外广告"),
    ("环评", "环境影响报告表审批"), ("护士证", "护士新办执业注册"), ("工伤", "工伤"), ("收养", "收养子女登记"),
    ("五保户", "特困人员救助供养"), ("超市", "预包装食品"), ("理发店", "公共场所卫生许可"), ("个税", "个人所得税"),
]


def test_at_least_sixty_everyday_queries_are_checked():
    assert len(EVERYDAY_QUERIES) >= 60


@pytest.mark.parametrize(("query", "wanted"), EVERYDAY_QUERIES)
def test_an_everyday_query_finds_the_item_in_the_first_five(query, wanted):
    top = [entry.name for entry in find_items(ItemFilters(q=query))[:5]]
    assert any(wanted in name for name in top), top


def test_the_table_holds_at_least_150_everyday_words():
    assert len(synonyms.SYNONYMS) >= 150


def test_every_official_term_occurs_in_the_published_catalogue():
    texts = [entry.search_text for entry in search_index.entries()]
    unused = [(word, term) for word, terms in synonyms.SYNONYMS.items() for term in terms
              if not any(term.lower() in text for text in texts)]
    assert unused == []


def test_the_assistant_reads_the_same_table():
    assert lexicon.EVERYDAY_TERMS == {word: " ".join(terms) for word, terms in synonyms.SYNONYMS.items()}


@pytest.mark.parametrize("text", ["社保\n", "社保\t\n", "\t社会保险\n", "社保\t社会保险\n社保\t养老保险\n"])
def test_a_malformed_table_is_refused_with_its_line(text):
    with pytest.raises(synonyms.SynonymTableError, match="第 [12] 行"):
        synonyms.parse(text)


def test_comments_and_blank_lines_are_skipped():
    assert synonyms.parse("# 说明\n\n社保卡\t社会保障卡\n") == {"社保卡": ("社会保障卡",)}
