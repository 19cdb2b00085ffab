"""Word lists the name checker reads: places, industry wording, organisational forms, prohibited
and restricted words, synonymous industry words, similar-looking characters, well-known trade names.

Plain data, no Django. Each list says which article of 企业名称登记管理规定 (国务院令第734号,
"the Provisions") or its implementing measures (市场监管总局令第82号, "the Measures") it serves.
"""

from __future__ import annotations

# Art. 7 of the Provisions: county-level and higher administrative divisions. Provinces and
# municipalities, the cities of Guangdong and other large cities; each with and without its suffix.
PROVINCES = [
    "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省",
    "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省",
    "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省", "台湾省",
    "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区",
    "香港特别行政区", "澳门特别行政区",
]
CITIES = [
    "广州市", "深圳市", "珠海市", "汕头市", "佛山市", "韶关市", "湛江市", "肇庆市", "江门市",
    "茂名市", "惠州市", "梅州市", "汕尾市", "河源市", "阳江市", "清远市", "东莞市", "中山市",
    "潮州市", "揭阳市", "云浮市", "杭州市", "南京市", "武汉市", "成都市", "西安市", "长沙市",
    "厦门市", "福州市", "苏州市", "青岛市", "郑州市", "济南市", "合肥市", "南宁市", "海口市",
    "沈阳市", "大连市", "宁波市", "昆明市", "贵阳市", "南昌市", "石家庄市", "太原市", "兰州市",
]
# Art. 7 ¶2 of the Provisions: a district of a city (市辖区) is used only after its city's name.
DISTRICTS = {
    "香洲区": "珠海市", "斗门区": "珠海市", "金湾区": "珠海市",
    "天河区": "广州市", "越秀区": "广州市", "海珠区": "广州市", "荔湾区": "广州市",
    "白云区": "广州市", "黄埔区": "广州市", "番禺区": "广州市", "花都区": "广州市",
    "南沙区": "广州市", "从化区": "广州市", "增城区": "广州市",
    "福田区": "深圳市", "罗湖区": "深圳市", "南山区": "深圳市", "宝安区": "深圳市",
    "龙岗区": "深圳市", "盐田区": "深圳市", "龙华区": "深圳市", "坪山区": "深圳市",
    "光明区": "深圳市", "禅城区": "佛山市", "南海区": "佛山市", "顺德区": "佛山市",
    "三水区": "佛山市", "高明区": "佛山市", "蓬江区": "江门市", "江海区": "江门市",
    "新会区": "江门市", "海淀区": "北京市", "朝阳区": "北京市", "浦东新区": "上海市",
}
# Towns and sub-districts of Doumen, named in individual businesses' names after the district.
TOWNS = ["井岸镇", "白蕉镇", "斗门镇", "乾务镇", "莲洲镇", "白藤街道", "横琴镇", "三灶镇", "南水镇",
         "红旗镇", "平沙镇"]


def _short(name: str) -> str:
    for suffix in ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "新区",
                   "省", "市", "区"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


# Every spelling of a region -> its kind and full name.
REGION_FORMS: dict[str, tuple[str, str]] = {}
for _full in PROVINCES:
    REGION_FORMS[_full] = REGION_FORMS[_short(_full)] = ("province", _full)
for _full in CITIES:
    REGION_FORMS[_full] = REGION_FORMS[_short(_full)] = ("city", _full)
for _full in DISTRICTS:
    REGION_FORMS[_full] = REGION_FORMS[_short(_full)] = ("district", _full)
REGION_FORMS["中国"] = ("country", "中国")  # read so that Art. 12 can speak of it
PLACE_WORDS = set(REGION_FORMS) | {_short(t) for t in TOWNS} | set(TOWNS)

# Art. 10 of the Provisions: organisational forms, longest first when matched at the end.
FORMS = [
    "股份有限公司", "有限责任公司", "集团有限公司", "集团股份有限公司", "有限公司",
    "合伙企业（有限合伙）", "合伙企业（普通合伙）", "（有限合伙）", "（普通合伙）", "合伙企业",
    "个人独资企业", "农民专业合作社", "专业合作社", "合作社", "分公司", "总公司", "股份合作公司", "公司",
    "经营部", "工作室", "大排档", "商行", "中心", "超市", "药店", "茶楼", "酒楼", "酒家", "餐厅",
    "饭店", "商店", "门市部", "服务部", "店", "厂", "馆", "坊",
]

# Art. 9 of the Provisions: industry or business wording (GB/T 4754 and trade usage). A name's
# industry part is a run of these words before its form; modifiers only combine with a head word.
INDUSTRY_HEADS = [
    "科技", "技术", "信息技术", "软件", "网络", "电子", "电器", "电气", "通信", "贸易", "商贸",
    "国际贸易", "进出口", "实业", "投资", "投资管理", "资产管理", "咨询", "管理咨询", "餐饮",
    "餐饮管理", "饮食", "食品", "酒店", "酒店管理", "物业", "物业管理", "物业服务", "房地产",
    "房地产开发", "地产", "置业", "建筑", "建筑工程", "建设", "建设工程", "工程", "装饰",
    "装饰工程", "装修", "装修工程", "设计", "物流", "货运", "运输", "供应链", "供应链管理",
    "仓储", "生物科技", "生物", "医药", "医疗器械", "医疗", "健康", "健康管理", "水产", "水产养殖",
    "养殖", "农业", "农业发展", "农业科技", "种植", "林业", "渔业", "旅游", "旅游开发", "文化",
    "文化传播", "文化传媒", "传媒", "广告", "教育", "教育科技", "教育咨询", "职业培训", "培训",
    "职业培训学校", "学校", "机械", "机械设备", "设备", "五金", "服装", "服饰", "纺织", "家具",
    "印刷", "包装", "环保", "环保科技", "环境", "新能源", "能源", "化工", "材料", "新材料", "塑料",
    "汽车", "汽车服务", "汽车销售", "维修", "家政", "家政服务", "人力资源", "劳务", "保安",
    "体育", "健身", "美容", "美发", "药业", "制药", "珠宝", "茶业", "茶叶", "酒业", "水业",
    "电力", "光电", "照明", "智能", "智能科技", "网络科技", "信息科技", "电子商务", "商务",
    "数据", "大数据", "云计算", "人工智能", "游艇", "海洋", "港务", "船舶", "航空", "金融",
    "融资租赁", "租赁", "保险代理", "会计", "税务", "律师", "知识产权", "检测", "认证", "安防",
    "消防", "石材", "陶瓷", "建材", "钢铁", "金属", "有色金属", "模具", "精密", "制造", "生态",
    "生态农业", "园林", "绿化", "园林绿化", "市政", "水利", "托育", "养老", "幼儿", "母婴",
    "宠物", "影视", "音乐", "动漫", "游戏", "会展", "展览", "礼品", "工艺品", "日用品", "百货",
    "农资", "海鲜", "温泉", "民宿", "采购", "发展", "服务", "开发", "销售", "制品", "用品",
]
INDUSTRY_MODIFIERS = [
    "国际", "中国", "中华", "全国", "国家", "信息", "智能", "数字", "新", "现代", "绿色", "高新",
    "海洋", "互联网", "电子", "网络", "生物", "医疗", "工业", "商业", "农业", "环保",
]
INDUSTRY_WORDS = set(INDUSTRY_HEADS) | set(INDUSTRY_MODIFIERS)

# The Measures (comparison practice): the same trade name with industry wording that differs but
# means the same (万达地产 / 万达房地产 / 万达置业) is a similar name, shown as a warning.
INDUSTRY_SYNONYMS = [
    {"地产", "房地产", "房地产开发", "置业"},
    {"贸易", "商贸"},
    {"餐饮", "餐饮管理", "饮食"},
    {"物业", "物业管理", "物业服务"},
    {"酒店", "酒店管理"},
    {"建筑工程", "建设工程", "建筑", "建设", "工程"},
    {"装饰", "装饰工程", "装修", "装修工程"},
    {"科技", "技术"},
    {"信息技术", "信息科技"},
    {"网络科技", "网络技术", "网络"},
    {"物流", "货运", "运输"},
    {"供应链", "供应链管理"},
    {"医药", "药业", "制药"},
    {"文化传播", "文化传媒", "传媒"},
    {"旅游", "旅游开发"},
    {"农业", "农业发展"},
    {"水产", "水产养殖"},
    {"家政", "家政服务"},
    {"投资", "投资管理"},
    {"茶业", "茶叶"},
    {"环保", "环保科技"},
    {"生物", "生物科技"},
    {"教育", "教育咨询", "教育科技"},
]

# Art. 12 of the Provisions (and the Measures): these words lead a name only with the State
# Council's approval; in the middle of a name they may only qualify the industry.
NATIONAL_WORDS = ["中国", "中华", "中央", "全国", "国家", "国际"]

# Art. 11 of the Provisions: prohibited content, by the item of the article it falls under.
# Matched anywhere in the name, except the short foreign names (see FOREIGN_SHORT).
PROHIBITED: dict[str, list[str]] = {
    "11.3": [
        "共产党", "中共", "国民党", "民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社",
        "台盟", "人大常委", "人民代表大会", "政协", "国务院", "人民政府", "政府", "党委", "纪委",
        "监察委", "公安", "检察院", "人民法院", "法院", "解放军", "武警", "军区", "部队", "军委",
        "共青团", "少先队", "妇联", "总工会", "工会", "红十字", "团中央", "中央军委", "八一",
        "国资委", "发改委", "市场监管", "工商局", "税务局", "海关",
    ],
    "11.4": [
        "联合国", "欧盟", "北约", "东盟", "世界卫生组织", "世卫", "世界银行", "世贸组织",
        "世界贸易组织", "国际奥委会", "奥委会", "奥林匹克", "国际货币基金", "亚洲开发银行",
        "美利坚", "大不列颠", "法兰西", "德意志", "大韩民国", "俄罗斯", "澳大利亚", "新加坡", "马来西亚", "印度尼西亚", "菲律宾",
    ],
    "11.5": [
        "赌场", "赌博", "博彩", "六合彩", "色情", "情色", "淫", "裸聊", "嫖", "毒品", "冰毒",
        "大麻", "迷信", "算命", "占卜", "驱鬼", "恐怖", "暴力", "杀手", "黑社会", "黑帮", "枪支",
    ],
    "11.6": ["黑鬼", "支那", "蛮夷", "倭寇", "娘炮", "男尊女卑"],
    "11.7": ["大东亚", "皇军", "法西斯", "纳粹", "神风", "鬼子", "屌", "操你", "傻逼", "装逼"],
    "11.8": ["央企", "国企", "国有", "国家级", "官方", "特供", "专供"],
}
# Two-character foreign state names are common inside ordinary words (精英国际, 完美国际): they
# count only as a word of their own (jieba) or as the whole trade name.
FOREIGN_SHORT = ["美国", "英国", "法国", "德国", "日本", "韩国", "朝鲜", "印度", "泰国", "越南",
                 "意大利", "西班牙", "加拿大", "巴西", "瑞士", "荷兰", "瑞典"]
ARTICLE_11_ITEMS = {
    "11.3": "政党、党政军机关、群团组织名称及其简称、特定称谓和部队番号",
    "11.4": "外国国家（地区）、国际组织名称及其通用简称、特定称谓",
    "11.5": "淫秽、色情、赌博、迷信、恐怖、暴力的内容",
    "11.6": "民族、种族、宗教、性别歧视的内容",
    "11.7": "违背公序良俗或者可能有其他不良影响的内容",
    "11.8": "可能使公众受骗或者产生误解的内容",
}

# Similar-looking characters (形近字): trade names differing in one such pair are similar names.
SIMILAR_GROUPS = [
    "己已巳", "未末", "土士", "日曰", "天夭", "人入", "大太犬", "王玉主", "木本术", "千干于",
    "刀力", "贝见", "今令", "白自百", "目且", "戊戌戍", "免兔", "鸟乌", "折拆", "洒酒", "辨辩辫",
    "晴睛", "汩汨", "侯候", "冶治", "拔拨", "崇祟", "盲肓", "沐沭", "狠狼", "峰锋蜂", "晶品",
    "鑫森淼", "旺汪", "达迖", "宏宠", "东车", "兴光", "泰秦奏", "凯恺铠", "明朋",
    "金全", "鸿鸣", "业亚", "佳桂", "祥详", "瑞端", "丰羊", "永水", "福褔", "昌冒", "海梅",
    "嘉喜", "源原", "辉挥", "赢羸",
]
SIMILAR: dict[str, frozenset[str]] = {}
for _group in SIMILAR_GROUPS:
    for _c in _group:
        SIMILAR[_c] = SIMILAR.get(_c, frozenset()) | frozenset(_group) - {_c}

# The Provisions Art. 11(8) and the Measures Art. 3: trade names the public knows (national
# brands, Zhuhai's among them): a new name using one may mislead, shown as a warning.
WELL_KNOWN = [
    "华为", "腾讯", "阿里巴巴", "百度", "京东", "小米", "格力", "美的", "海尔", "联想", "比亚迪",
    "娃哈哈", "茅台", "五粮液", "万科", "碧桂园", "大疆", "拼多多", "美团", "字节跳动", "抖音",
    "淘宝", "支付宝", "微信", "顺丰", "李宁", "安踏", "蒙牛", "格兰仕", "魅族", "汤臣倍健", "健力宝",
]
