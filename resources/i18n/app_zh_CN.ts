<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddAddressDialog</name>
    <message>
        <location filename="../../desktop/ui/address_dialog.py" line="35"/>
        <source>Add address</source>
        <translation>新增地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_dialog.py" line="44"/>
        <source>e.g. Building 3, Unit 2, Room 101</source>
        <translation>例如：3幢、2单元、101室</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_dialog.py" line="45"/>
        <source>Residents live here (no further levels)</source>
        <translation>人员在此居住（无下级地址）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_dialog.py" line="51"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_dialog.py" line="52"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_dialog.py" line="57"/>
        <source>Below: %1</source>
        <translation>上级地址：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_dialog.py" line="58"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_dialog.py" line="59"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
</context>
<context>
    <name>AddressPageWidget</name>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="41"/>
        <source>Register resident</source>
        <translation>登记人员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="43"/>
        <source>Add address</source>
        <translation>新增地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="53"/>
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="53"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="53"/>
        <source>Relationship</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="53"/>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="54"/>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="54"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="54"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="73"/>
        <source>Select an address in the tree</source>
        <translation>请在左侧树中选择地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="91"/>
        <source>%1 · %2 residents living here</source>
        <translation>%1 · 在住 %2 人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="97"/>
        <source>Residents are registered at a room-level address.</source>
        <translation>人员须登记到房间级地址。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="103"/>
        <source>Rental unit: none registered</source>
        <translation>出租房屋：未登记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="108"/>
        <source>Rental unit: %1, %2</source>
        <translation>出租房屋：%1，%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="110"/>
        <source>; landlord %1</source>
        <translation>；房东 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="114"/>
        <source>; limit %1 people</source>
        <translation>；限住 %1 人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="123"/>
        <source>Household %1</source>
        <translation>第 %1 户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="124"/>
        <source>No household</source>
        <translation>未分户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="144"/>
        <source>Household %1 (head: %2)</source>
        <translation>第 %1 户（户主：%2）</translation>
    </message>
</context>
<context>
    <name>AddressTree</name>
    <message>
        <location filename="../../desktop/ui/address_tree.py" line="39"/>
        <source>Areas and addresses</source>
        <translation>区域与地址</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../desktop/ui/errors.py" line="80"/>
        <source>Something went wrong.</source>
        <extracomment>English source text of every AppError code and sync failure kind.</extracomment>
        <translation>操作失败。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="81"/>
        <source>The local data file cannot be used.</source>
        <translation>本地数据文件无法使用。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="82"/>
        <source>The passphrase does not open this profile.</source>
        <translation>口令错误，无法打开此用户档案。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="83"/>
        <source>The record no longer exists.</source>
        <translation>该记录已不存在。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="84"/>
        <source>The input has errors; see the marked fields.</source>
        <translation>输入有误，请查看标红的字段。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="85"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="86"/>
        <source>Sync failed; nothing queued was lost.</source>
        <translation>同步失败；待同步数据均已保留。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="87"/>
        <source>Cannot reach the central server. Your edits stay queued; try again when online.</source>
        <translation>无法连接中心服务器。您的修改仍在待同步队列中，联网后请重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="89"/>
        <source>The central server did not accept your sign-in. Sign in again.</source>
        <translation>中心服务器未接受您的登录，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="91"/>
        <source>The central server refused some records as invalid.</source>
        <translation>中心服务器以数据无效为由拒收了部分记录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="92"/>
        <source>The central server had an error. Your edits stay queued; try again later.</source>
        <translation>中心服务器出错。您的修改仍在待同步队列中，请稍后重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="94"/>
        <source>This is not the central server of this profile. Nothing was sent or deleted.</source>
        <translation>这不是本档案对应的中心服务器。未发送也未删除任何数据。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="96"/>
        <source>The central server needs a newer version of this app.</source>
        <translation>中心服务器要求升级本软件到新版本。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="98"/>
        <source>Unexpected error: {detail}</source>
        <translation>意外错误：{detail}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="156"/>
        <source>Doorstep</source>
        <translation>入户登记</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../desktop/ui/labels.py" line="16"/>
        <source>Road / village</source>
        <translation>道路/自然村</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="17"/>
        <source>Door number</source>
        <translation>门牌号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="18"/>
        <source>Compound</source>
        <translation>小区/院落</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="19"/>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="20"/>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="21"/>
        <source>Floor</source>
        <translation>楼层</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="22"/>
        <source>Room</source>
        <translation>房间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="26"/>
        <source>District</source>
        <translation>区县</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="27"/>
        <source>Town / street</source>
        <translation>镇/街道</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="28"/>
        <source>Community / village</source>
        <translation>社区/村</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="29"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="33"/>
        <source>Resident ID card</source>
        <translation>居民身份证</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="34"/>
        <source>Passport</source>
        <translation>护照</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="35"/>
        <source>Mainland travel permit for HK/Macau residents</source>
        <translation>港澳居民来往内地通行证</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="36"/>
        <source>Mainland travel permit for Taiwan residents</source>
        <translation>台湾居民来往大陆通行证</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="37"/>
        <source>Foreign permanent resident ID card</source>
        <translation>外国人永久居留身份证</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="41"/>
        <source>Work</source>
        <translation>务工</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="42"/>
        <source>Business</source>
        <translation>经商</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="43"/>
        <source>Accompanying family</source>
        <translation>随迁</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="44"/>
        <source>Staying with relatives or friends</source>
        <translation>投亲靠友</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="45"/>
        <source>Study</source>
        <translation>就学</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="46"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="50"/>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="51"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="52"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="53"/>
        <source>Unspecified</source>
        <translation>未说明</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="57"/>
        <source>Family household</source>
        <translation>家庭户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="58"/>
        <source>Collective household</source>
        <translation>集体户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="59"/>
        <source>Dormitory</source>
        <translation>宿舍</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="63"/>
        <source>Residential</source>
        <translation>居住</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="64"/>
        <source>Production / business</source>
        <translation>生产经营</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="65"/>
        <source>Storage</source>
        <translation>仓储</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="66"/>
        <source>Mixed</source>
        <translation>混合</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="67"/>
        <source>Group rental</source>
        <translation>群租</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="71"/>
        <source>Let</source>
        <translation>在租</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="72"/>
        <source>Vacant</source>
        <translation>空置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="73"/>
        <source>Letting suspended</source>
        <translation>停租</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="74"/>
        <source>Cancelled</source>
        <translation>注销</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="78"/>
        <source>sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="79"/>
        <source>ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="80"/>
        <source>education</source>
        <translation>学历</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="81"/>
        <source>marital status</source>
        <translation>婚姻状况</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="82"/>
        <source>political status</source>
        <translation>政治面貌</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="83"/>
        <source>family relationship</source>
        <translation>家庭关系</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="84"/>
        <source>town</source>
        <translation>镇街</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="88"/>
        <source>Residence registration rate</source>
        <translation>居住登记率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="89"/>
        <source>Registration accuracy rate</source>
        <translation>登记信息准确率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="90"/>
        <source>Rental housing registration rate</source>
        <translation>居住出租房屋登记率</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="74"/>
        <source>Doorstep — floating population registration</source>
        <translation>入户登记 — 流动人口居住登记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="81"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="82"/>
        <source>Residents</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="92"/>
        <source>Rates</source>
        <translation>三率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="102"/>
        <source>Not synced yet</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="116"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="118"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="120"/>
        <source>Send local edits to the central server and fetch updates</source>
        <translation>把本地修改上传到中心服务器并下载更新</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="122"/>
        <source>Refresh rates</source>
        <translation>刷新三率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="124"/>
        <source>Register resident</source>
        <translation>登记人员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="126"/>
        <source>Add address</source>
        <translation>新增地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="184"/>
        <source>Resident saved</source>
        <translation>人员已保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="206"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="226"/>
        <source>Waiting to sync: %1</source>
        <translation>待同步：%1 条</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="238"/>
        <source>Connecting to the central server…</source>
        <translation>正在连接中心服务器…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="239"/>
        <source>Sending local edits…</source>
        <translation>正在上传本地修改…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="240"/>
        <source>Fetching updates…</source>
        <translation>正在下载更新…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="247"/>
        <source>Sync is not available in this build</source>
        <translation>此版本不支持同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="259"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="266"/>
        <source>Last sync %1: sent %2 (applied %3, duplicate %4, conflict %5, rejected %6), received %7</source>
        <translation>上次同步 %1：上传 %2 条（已接收 %3，重复 %4，冲突 %5，拒收 %6），下载 %7 条</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="284"/>
        <source>Sync cancelled; nothing queued was lost</source>
        <translation>同步已取消；待同步数据均已保留</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="286"/>
        <source>Sync failed: %1</source>
        <translation>同步失败：%1</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <location filename="../../desktop/ui/errors.py" line="28"/>
        <source>The ID number is required.</source>
        <extracomment>English source text of every problem key (same wording as ``domain.problems.MESSAGE_KEYS``), plus the UI&apos;s own keys (``ui.*``) and service keys not in that table.</extracomment>
        <translation>身份证号码为必填项。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="29"/>
        <source>The ID number must be 17 digits followed by a digit or X (or a legacy 15-digit number); got &apos;{value}&apos; ({length} characters).</source>
        <translation>身份证号码应为17位数字加1位数字或X（或旧版15位号码）；当前为“{value}”（{length}位）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="32"/>
        <source>The ID number &apos;{value}&apos; looks like it was converted to a number by Excel (scientific notation, a decimal point or trailing zeros); digits were lost and cannot be recovered. Re-enter it from the card, and format the spreadsheet column as text.</source>
        <translation>身份证号码“{value}”疑似被 Excel 转成了数字（科学计数法、小数点或末尾补零），丢失的数字无法恢复。请对照证件重新录入，并把表格该列设置为文本格式。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="36"/>
        <source>The ID number&apos;s check character is wrong: expected {expected}, got {got}.</source>
        <translation>身份证号码校验码错误：应为 {expected}，实际为 {got}。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="38"/>
        <source>The birth date in the ID number ({value}) is not a real date.</source>
        <translation>身份证号码中的出生日期（{value}）不是有效日期。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="40"/>
        <source>The birth date in the ID number ({value}) is in the future.</source>
        <translation>身份证号码中的出生日期（{value}）晚于今天。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="42"/>
        <source>The birth date in the ID number ({value}) is before 1900.</source>
        <translation>身份证号码中的出生日期（{value}）早于1900年。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="44"/>
        <source>Legacy 15-digit ID number {old} was converted to the 18-digit {new}.</source>
        <translation>旧版15位身份证号码 {old} 已升级为18位号码 {new}。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="46"/>
        <source>The region code {region_code} of the ID number is not in the division table.</source>
        <translation>身份证号码的地区码 {region_code} 不在行政区划代码表中。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="48"/>
        <source>&apos;{value}&apos; is not a valid mobile or landline number.</source>
        <translation>“{value}”不是有效的手机或固定电话号码。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="49"/>
        <source>Local number {value} has no area code; assumed Ningbo (0574): {normalized}.</source>
        <translation>本地号码 {value} 未带区号，已按宁波（0574）处理：{normalized}。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="51"/>
        <source>The unified social credit code must be 18 characters from 0-9 and A-Y without I, O, S, V, Z; got &apos;{value}&apos;.</source>
        <translation>统一社会信用代码应为18位，由0-9和除I、O、S、V、Z以外的A-Y组成；当前为“{value}”。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="54"/>
        <source>The unified social credit code&apos;s check character is wrong: expected {expected}, got {got}.</source>
        <translation>统一社会信用代码校验码错误：应为 {expected}，实际为 {got}。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="57"/>
        <source>&apos;{value}&apos; is a pre-2015 15-digit business registration number, not a unified social credit code.</source>
        <translation>“{value}”是2015年前的15位工商注册号，不是统一社会信用代码。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="60"/>
        <source>The name is required.</source>
        <translation>姓名为必填项。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="61"/>
        <source>The name &apos;{value}&apos; contains digits or Latin letters.</source>
        <translation>姓名“{value}”含有数字或拉丁字母。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="63"/>
        <source>The document number is required.</source>
        <translation>证件号码为必填项。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="64"/>
        <source>The declared sex ({declared}) differs from the ID number ({from_id}).</source>
        <translation>填写的性别（{declared}）与身份证号码（{from_id}）不一致。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="66"/>
        <source>The declared birth date ({declared}) differs from the ID number ({from_id}).</source>
        <translation>填写的出生日期（{declared}）与身份证号码（{from_id}）不一致。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="68"/>
        <source>The birth date {value} is in the future.</source>
        <translation>出生日期 {value} 晚于今天。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="69"/>
        <source>The arrival date {arrival} is before the birth date {birth}.</source>
        <translation>来本地日期 {arrival} 早于出生日期 {birth}。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="71"/>
        <source>The arrival date {value} is in the future.</source>
        <translation>来本地日期 {value} 晚于今天。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="72"/>
        <source>&apos;{value}&apos; is not a code of the {table} table.</source>
        <translation>“{value}”不是{table}代码表中的代码。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="73"/>
        <source>The address part needs a name (e.g. a road, a door number, a building or a room).</source>
        <translation>地址层级须填写名称（如道路、门牌号、楼栋或房间）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="75"/>
        <source>&apos;{value}&apos; is not a date; type it as YYYY-MM-DD.</source>
        <translation>“{value}”不是日期，请按 YYYY-MM-DD 格式填写。</translation>
    </message>
</context>
<context>
    <name>RateCard</name>
    <message>
        <location filename="../../desktop/ui/rates_panel.py" line="59"/>
        <source>On target</source>
        <translation>达标</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rates_panel.py" line="60"/>
        <source>Near target</source>
        <translation>接近达标</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rates_panel.py" line="61"/>
        <source>Below target</source>
        <translation>未达标</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rates_panel.py" line="62"/>
        <location filename="../../desktop/ui/rates_panel.py" line="73"/>
        <source>No data</source>
        <translation>暂无数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rates_panel.py" line="75"/>
        <source>No verification sample yet</source>
        <translation>尚无核查样本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rates_panel.py" line="79"/>
        <source>95% CI %1–%2 · n = %3 · target %4</source>
        <translation>95% 置信区间 %1–%2 · n = %3 · 目标 %4</translation>
    </message>
</context>
<context>
    <name>ResidentDialog</name>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="99"/>
        <source>Register resident</source>
        <extracomment>Problems about fields the form does not show go next to the field that caused them.</extracomment>
        <translation>登记人员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="101"/>
        <source>Address: %1</source>
        <translation>地址：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="112"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="113"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="135"/>
        <source>18 digits, last may be X</source>
        <translation>18位，末位可为X</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="139"/>
        <location filename="../../desktop/ui/resident_form.py" line="147"/>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="142"/>
        <source>Mobile or landline</source>
        <translation>手机或固定电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="146"/>
        <source>18-character code, optional</source>
        <translation>18位代码，可不填</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="150"/>
        <source>New household (this person is the head)</source>
        <translation>新建户（本人为户主）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="157"/>
        <source>ID type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="158"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="159"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="160"/>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="161"/>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="162"/>
        <source>Ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="163"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="164"/>
        <source>Hukou address</source>
        <translation>户籍地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="165"/>
        <source>Education</source>
        <translation>学历</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="166"/>
        <source>Employer</source>
        <translation>服务处所</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="167"/>
        <source>Employer credit code</source>
        <translation>服务处所信用代码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="168"/>
        <source>Arrival date</source>
        <translation>来本地日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="169"/>
        <source>Reason for residence</source>
        <translation>居住事由</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="170"/>
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="171"/>
        <source>Relationship to head</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="331"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>ResidentsModel</name>
    <message>
        <location filename="../../desktop/ui/residents_view.py" line="44"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/residents_view.py" line="44"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/residents_view.py" line="44"/>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/residents_view.py" line="44"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/residents_view.py" line="45"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
</context>
<context>
    <name>ResidentsWidget</name>
    <message>
        <location filename="../../desktop/ui/residents_view.py" line="131"/>
        <source>Search: ID number, name, pinyin initials or the last digits of a phone</source>
        <translation>搜索：证件号码、姓名、拼音首字母或手机尾号</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <location filename="../../desktop/ui/tasks.py" line="182"/>
        <source>Working…</source>
        <extracomment>A progress dialog appears only for tasks still running after this many milliseconds (Anki).</extracomment>
        <translation>正在处理…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tasks.py" line="182"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tasks.py" line="184"/>
        <source>Please wait</source>
        <translation>请稍候</translation>
    </message>
</context>
</TS>
