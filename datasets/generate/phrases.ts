/**
 * Phrase lists the generator composes text from. Realistic content matters: the recognizer has a
 * language prior, so random character soup would be harder than real text and make the synthetic
 * sets unrealistically hard. Every character here must be in the recognizer charset
 * (ppocr_keys_v1.txt + space); phrases.test.ts enforces that.
 */

export const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹'];
export const givenNames = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '建华', '志强', '晓东', '海燕', '文博', '子涵', '雨轩', '思远', '佳怡', '浩然', '欣怡', '宇航'];

export const cities = ['北京', '上海', '广州', '深圳', '杭州', '南京', '成都', '武汉', '西安', '重庆', '天津', '苏州', '长沙', '郑州', '青岛', '厦门', '宁波', '合肥', '福州', '昆明', '济南', '沈阳', '大连', '南昌', '无锡'];
export const districts = ['朝阳区', '海淀区', '浦东新区', '徐汇区', '天河区', '南山区', '福田区', '西湖区', '鼓楼区', '武侯区', '江汉区', '雁塔区', '渝中区', '和平区', '姑苏区', '岳麓区', '金水区', '市南区', '思明区', '高新区', '经济开发区'];
export const roads = ['人民路', '中山路', '解放路', '建设路', '长江路', '和平路', '新华路', '文化路', '滨江大道', '科技园路', '世纪大道', '东风路', '青年路', '南京路', '延安路', '学府路', '花园路', '光明路', '胜利街', '幸福路'];

const brandWords = ['恒信', '华联', '金鼎', '盛世', '宏达', '新锐', '天成', '鑫源', '嘉和', '永泰', '瑞丰', '博远', '中科', '东方', '汇通', '联创', '佳美', '百川', '德盛', '锦程', '安达', '星河', '明辉', '润发'];
const industries = ['贸易', '科技', '电子', '食品', '物流', '建材', '服饰', '医药', '文化传媒', '餐饮管理', '信息技术', '机械设备', '家居', '商贸', '网络科技', '印刷', '汽车服务', '农业发展'];
const companySuffixes = ['有限公司', '股份有限公司', '有限责任公司', '商行', '经营部'];
export const companyParts = { brandWords, industries, companySuffixes };

export const shopTypes = ['超市', '便利店', '药房', '餐厅', '面馆', '咖啡', '烘焙坊', '水果店', '书店', '眼镜店', '五金店', '花店', '茶庄', '火锅', '烧烤', '理发店', '洗衣店', '母婴用品', '数码广场', '家电城', '美容美发', '干洗店', '早餐店', '奶茶店'];
export const shopEnglish: Record<string, string> = {
  超市: 'SUPERMARKET', 便利店: 'CONVENIENCE STORE', 药房: 'PHARMACY', 餐厅: 'RESTAURANT', 面馆: 'NOODLE HOUSE', 咖啡: 'COFFEE',
  烘焙坊: 'BAKERY', 水果店: 'FRUIT SHOP', 书店: 'BOOKSTORE', 眼镜店: 'OPTICAL', 五金店: 'HARDWARE', 花店: 'FLOWERS', 茶庄: 'TEA HOUSE',
  火锅: 'HOT POT', 烧烤: 'BBQ', 理发店: 'HAIR SALON', 洗衣店: 'LAUNDRY', 母婴用品: 'BABY CARE', 数码广场: 'DIGITAL PLAZA',
  家电城: 'APPLIANCES', 美容美发: 'BEAUTY SALON', 干洗店: 'DRY CLEANING', 早餐店: 'BREAKFAST', 奶茶店: 'MILK TEA',
};
export const signSlogans = ['欢迎光临', '营业时间 08:00-22:00', '全场八折', '新店开业', '诚信经营', '品质保证', '外卖电话', '24小时营业', '会员专享', '买一送一', '限时特价', '正在营业', '禁止停车', '请勿吸烟', '小心地滑', '安全出口', '停车场入口', '免费WiFi', '支持微信支付宝', '旺铺招租'];
export const streetSigns = ['前方施工 注意安全', '出口 EXIT', '入口 ENTRANCE', '地铁站 Metro Station', '公共厕所 Toilet', '停车场 Parking', '收费站 Toll Station', '服务区 Service Area', '医院 Hospital', '学校 School', '火车站 Railway Station', '机场 Airport'];

/** Goods with a plausible unit price range in yuan and a unit. */
export const goods: { name: string; min: number; max: number; unit: string }[] = [
  { name: '矿泉水550ml', min: 1.5, max: 3, unit: '瓶' }, { name: '可口可乐330ml', min: 2.5, max: 4, unit: '罐' }, { name: '农夫山泉', min: 2, max: 3, unit: '瓶' },
  { name: '康师傅红烧牛肉面', min: 4, max: 6, unit: '桶' }, { name: '全麦面包', min: 8, max: 15, unit: '袋' }, { name: '鲜牛奶1L', min: 12, max: 20, unit: '盒' },
  { name: '鸡蛋(10枚)', min: 12, max: 18, unit: '盒' }, { name: '大米5kg', min: 35, max: 60, unit: '袋' }, { name: '食用油5L', min: 60, max: 99, unit: '桶' },
  { name: '苹果', min: 6, max: 12, unit: '斤' }, { name: '香蕉', min: 3, max: 6, unit: '斤' }, { name: '西红柿', min: 3, max: 7, unit: '斤' },
  { name: '猪肉', min: 13, max: 22, unit: '斤' }, { name: '洗衣液2kg', min: 25, max: 45, unit: '瓶' }, { name: '抽纸(6包)', min: 15, max: 30, unit: '提' },
  { name: '牙膏120g', min: 9, max: 25, unit: '支' }, { name: '洗发水400ml', min: 29, max: 69, unit: '瓶' }, { name: 'A4打印纸', min: 22, max: 35, unit: '包' },
  { name: '中性笔0.5mm', min: 1.5, max: 4, unit: '支' }, { name: '笔记本', min: 5, max: 18, unit: '本' }, { name: '拿铁咖啡', min: 18, max: 32, unit: '杯' },
  { name: '美式咖啡', min: 15, max: 28, unit: '杯' }, { name: '珍珠奶茶', min: 10, max: 18, unit: '杯' }, { name: '宫保鸡丁', min: 28, max: 48, unit: '份' },
  { name: '鱼香肉丝', min: 26, max: 42, unit: '份' }, { name: '米饭', min: 2, max: 3, unit: '碗' }, { name: '酸辣土豆丝', min: 16, max: 26, unit: '份' },
  { name: '红烧排骨', min: 45, max: 68, unit: '份' }, { name: '青岛啤酒', min: 6, max: 12, unit: '瓶' }, { name: '数据线USB-C', min: 19, max: 49, unit: '根' },
  { name: '无线鼠标', min: 49, max: 129, unit: '个' }, { name: '电池AA', min: 10, max: 25, unit: '板' }, { name: '办公椅', min: 299, max: 899, unit: '把' },
  { name: '显示器27英寸', min: 899, max: 1999, unit: '台' }, { name: '服务费', min: 50, max: 500, unit: '项' }, { name: '运输费', min: 20, max: 300, unit: '次' },
];

export const paymentMethods = ['微信支付', '支付宝', '现金', '银联卡', '会员卡'];

/** Sentences for documents and notes: plain expository Chinese of the kind found in reports and notices. */
export const sentences = [
  '为进一步提高工作效率，公司决定自下月起实行新的考勤管理办法。',
  '请各部门于本周五前将年度工作总结报送至办公室。',
  '本次会议主要讨论了第三季度的销售目标和市场推广计划。',
  '根据国家有关规定，企业应当按时足额缴纳社会保险费用。',
  '近年来，随着互联网技术的快速发展，人们的生活方式发生了巨大变化。',
  '城市公共交通系统的完善，为市民出行提供了极大的便利。',
  '本产品适用于家庭、办公室及学校等多种场所。',
  '使用前请仔细阅读说明书，并妥善保管以备查阅。',
  '如有任何疑问，请拨打客服热线或登录官方网站咨询。',
  '合同双方应当遵循平等、自愿、公平和诚实信用的原则。',
  '甲方应在收到发票后三十日内支付全部货款。',
  '乙方负责货物的包装和运输，并承担运输过程中的风险。',
  '本协议一式两份，双方各执一份，具有同等法律效力。',
  '数据显示，今年上半年全市经济保持稳定增长。',
  '学校将于九月一日正式开学，请同学们做好准备。',
  '图书馆开放时间为每天上午八点至晚上十点。',
  '为了保护环境，请大家自觉做好垃圾分类工作。',
  '春节期间，商场推出了多项优惠活动，吸引了大量顾客。',
  '研究结果表明，适量运动有助于提高睡眠质量。',
  '项目组已完成系统的需求分析和总体设计工作。',
  '测试阶段共发现问题二十三个，目前已全部修复。',
  '培训内容包括安全生产知识和应急处理流程。',
  '请参会人员提前十分钟到达会议室并签到。',
  '本通知自发布之日起施行，原有规定同时废止。',
  '该地区气候温和，四季分明，年平均气温约十六摄氏度。',
  '新建的体育中心将于明年年底投入使用。',
  '客户满意度调查结果将作为服务改进的重要依据。',
  '所有员工必须遵守公司的信息安全管理制度。',
  '社区服务中心为老年人提供日间照料和健康咨询。',
  '本季度营业收入较去年同期增长百分之十二。',
  '阅读是获取知识的重要途径，也是一种良好的生活习惯。',
  '他每天早上六点起床，坚持跑步半小时。',
  '这家餐厅的招牌菜是红烧肉和清蒸鱼。',
  '明天下午三点在二楼会议室召开项目评审会。',
  '请将报销单据整理好后交给财务部审核。',
  '系统升级期间，部分功能将暂时无法使用。',
  '感谢您一直以来对我们工作的支持与理解。',
  '教育是国家发展的基石，关系到每一个家庭的未来。',
];

/** English sentences and terms for mixed documents and screenshots. */
export const englishSentences = [
  'Please submit the report before Friday.',
  'The meeting has been moved to Room 302.',
  'All prices include VAT unless otherwise stated.',
  'Thank you for your purchase.',
  'Keep this receipt for your records.',
  'This document is for internal use only.',
  'Click Save to apply the changes.',
  'Your order has been shipped.',
  'Customer Service Hotline',
  'Annual Report 2024',
  'Terms and Conditions',
  'Project Schedule and Milestones',
  'Quality Assurance Department',
  'Please do not leave bags unattended.',
  'Welcome to our store',
  'Open daily from 9am to 9pm',
  'Return policy: 7 days with receipt',
  'Scan the QR code to pay',
  'Total amount due',
  'Meeting notes and action items',
];
export const englishTerms = ['CPU', 'GPU', 'API', 'WiFi', 'USB', 'PDF', 'Excel', 'Word', 'App', 'VIP', 'OK', 'KPI', 'CEO', 'HR', 'IT', 'AI', 'Email', 'Online', 'Login', 'Version 2.1', 'iPhone', 'Android', 'Windows', 'Python', 'ISO9001'];

export const uiLabels = ['设置', '首页', '消息', '我的', '搜索', '返回', '确定', '取消', '保存', '删除', '编辑', '分享', '下载', '上传', '登录', '注册', '退出登录', '个人中心', '账号与安全', '通知设置', '隐私政策', '用户协议', '关于我们', '清除缓存', '检查更新', '意见反馈', '帮助中心', '我的订单', '收货地址', '优惠券', '购物车', '立即购买', '加入购物车', '查看全部', '已完成', '待付款', '待发货', '待收货', '系统通知', '今天', '昨天'];

export const noteItems = ['买菜：土豆、青菜、鸡蛋', '下午两点去银行办事', '给妈妈打电话', '交水电费', '周六同学聚会', '还图书馆的书', '取快递', '预约体检', '准备周一的会议材料', '记得带伞', '复习第三章', '买生日礼物', '修理自行车', '订火车票', '整理房间', '去医院拿报告', '缴纳物业费', '明早八点开会', '给小王回邮件', '预订餐厅'];

export const ticketStations = ['北京南', '上海虹桥', '广州南', '深圳北', '杭州东', '南京南', '武汉', '长沙南', '西安北', '成都东', '重庆北', '郑州东', '天津西', '济南西', '合肥南', '福州南', '南昌西', '昆明南'];
export const stationPinyin: Record<string, string> = {
  北京南: 'Beijingnan', 上海虹桥: 'Shanghaihongqiao', 广州南: 'Guangzhounan', 深圳北: 'Shenzhenbei', 杭州东: 'Hangzhoudong', 南京南: 'Nanjingnan',
  武汉: 'Wuhan', 长沙南: 'Changshanan', 西安北: "Xi'anbei", 成都东: 'Chengdudong', 重庆北: 'Chongqingbei', 郑州东: 'Zhengzhoudong',
  天津西: 'Tianjinxi', 济南西: 'Jinanxi', 合肥南: 'Hefeinan', 福州南: 'Fuzhounan', 南昌西: 'Nanchangxi', 昆明南: 'Kunmingnan',
};
export const docTitles = ['关于加强安全生产管理的通知', '年度工作总结', '会议纪要', '产品使用说明书', '采购合同', '项目进度报告', '员工培训计划', '市场调研报告', '招聘启事', '租赁协议', '活动方案', '操作规程'];
