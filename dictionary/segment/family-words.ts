/**
 * The words the open term families are made of (segment/families.ts matches them; derive/families.ts
 * and words.ts gloss them): the fields of X强国, the endings and leads of a law's short name, the
 * suffixes after a five-year plan's name. Plain data, in normalised (simplified) form.
 */

/**
 * Words after which a law's short name may start (根据|个人信息保护法): without 《》 around it, an
 * X保护法 is only taken where its start is clear, so that 依照行政法 stays 依照|行政法.
 */
export const LAW_LEADS = new Set(
  '依照 根据 按照 依据 违反 实施 制定 修改 修订 通过 颁布 施行 适用 贯彻 学习 宣传 出台 审议 起草 遵守 执行 落实 对照 参照 和 及 与 、'.split(
    ' ',
  ),
);

/** Suffixes after a five-year plan's name (Family.FiveYearPlan's `m`: index + 1; 0 = none). */
export const PLAN_SUFFIXES = ['规划', '计划', '期间', '时期'] as const;

/** Fields of the 强国 ("strong country in X") goals: X强国 is kept whole for these X. */
export const POWER_FIELDS: Readonly<Record<string, string>> = {
  科技: 'science and technology',
  网络: 'cyberspace',
  体育: 'sports',
  教育: 'education',
  文化: 'culture',
  人才: 'talent',
  制造: 'manufacturing',
  质量: 'quality',
  航天: 'space',
  交通: 'transport',
  海洋: 'maritime affairs',
  贸易: 'trade',
  农业: 'agriculture',
  金融: 'finance',
  数字: 'the digital economy',
  知识产权: 'intellectual property',
  航运: 'shipping',
  能源: 'energy',
  工业: 'industry',
  经济: 'the economy',
  军事: 'military power',
  海运: 'sea transport',
  民航: 'civil aviation',
  邮政: 'postal services',
  水利: 'water resources',
  旅游: 'tourism',
  卫生: 'health',
  健康: 'health',
  品牌: 'brands',
  标准: 'standards',
  电力: 'electric power',
  化工: 'the chemical industry',
  钢铁: 'steel',
  足球: 'football',
  航空: 'aviation',
  铁路: 'railways',
  物流: 'logistics',
  商务: 'commerce',
  外贸: 'foreign trade',
  粮食: 'grain',
  林业: 'forestry',
  渔业: 'fisheries',
  纺织: 'textiles',
  汽车: 'the car industry',
  造船: 'shipbuilding',
  核电: 'nuclear power',
  数据: 'data',
  算力: 'computing power',
  技能: 'skills',
  创新: 'innovation',
  出版: 'publishing',
  文艺: 'literature and art',
  语言: 'language',
  法治: 'the rule of law',
  网信: 'cyberspace affairs',
  信息: 'information',
  电信: 'telecommunications',
  气象: 'meteorology',
  测绘: 'surveying and mapping',
  海军: 'naval power',
  太空: 'space',
  农业科技: 'agricultural technology',
  国防科技: 'defence technology',
  社会主义文化: 'socialist culture',
  体育事业: 'sport',
  科普: 'science popularisation',
  统计: 'statistics',
  审计: 'auditing',
  中医药: 'traditional Chinese medicine',
  人力资源: 'human resources',
  专利: 'patents',
  设计: 'design',
  音乐: 'music',
  电影: 'film',
  影视: 'film and television',
};

/**
 * Words that end a law's name before 法 (X保护法, X促进法 …): with one of them before 法, a run of words
 * is read as a law's short name.
 */
export const LAW_ENDINGS = new Set(
  (
    '保护 促进 管理 安全 组织 教育 监督 诉讼 处罚 许可 复议 程序 振兴 援助 保障 救助 登记 投资 保密 情报 防治 ' +
    '治理 规划 审计 预算 选举 国籍 兵役 慈善 档案 仲裁 调解 公证 律师 法官 检察官 监察官 公务员 警察 海警 ' +
    '动员 戒严 补偿 赔偿 征收 标准化 统计 计量 监察 代表 人民警察 反垄断 竞争 交易 合同 担保 破产 公司 ' +
    '合伙企业 证券 保险 银行 税收 关税 海关 出口管制 对外贸易 外国 制裁 会计 价格 广告 商标 专利 著作权 ' +
    '生产 质量 检疫 防疫 卫生 医疗 就业 劳动 工会 妇女 未成年人 老年人 残疾人 退役军人 英雄烈士 文物 ' +
    '测绘 气象 森林 草原 渔业 水 土地 矿产资源 环境保护 污染防治 野生动物 生物安全 数据安全 网络安全 ' +
    '电子商务 反恐怖主义 反间谍 国家安全 国防 国旗 国徽 国歌 立法 行政 刑事 民事 义务教育 职业教育 ' +
    '高等教育 教师 科学技术 传承 发展 建设 实施 改革 管制 执行 保全 侦查 调查 兴边 宗教事务 信访'
  ).split(' '),
);
