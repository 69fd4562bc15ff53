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
        <location filename="../../desktop/ui/address_page.py" line="42"/>
        <source>Register resident</source>
        <translation>登记人员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="44"/>
        <source>Add address</source>
        <translation>新增地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="47"/>
        <source>Move out…</source>
        <translation>搬离…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="49"/>
        <source>Move household…</source>
        <translation>整户迁移…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="51"/>
        <source>Change head…</source>
        <translation>变更户主…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="64"/>
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="64"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="64"/>
        <source>Relationship</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="64"/>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="65"/>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="65"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="65"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="84"/>
        <source>Select an address in the tree</source>
        <translation>请在左侧树中选择地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="103"/>
        <source>%1 · %2 residents living here</source>
        <translation>%1 · 在住 %2 人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="109"/>
        <source>Residents are registered at a room-level address.</source>
        <translation>人员须登记到房间级地址。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="116"/>
        <source>Rental unit: none registered</source>
        <translation>出租房屋：未登记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="121"/>
        <source>Rental unit: %1, %2</source>
        <translation>出租房屋：%1，%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="123"/>
        <source>; landlord %1</source>
        <translation>；房东 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="127"/>
        <source>; limit %1 people</source>
        <translation>；限住 %1 人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="136"/>
        <source>Household %1</source>
        <translation>第 %1 户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="137"/>
        <location filename="../../desktop/ui/address_page.py" line="162"/>
        <source>No household</source>
        <translation>未分户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_page.py" line="178"/>
        <source>Household %1 (head: %2)</source>
        <translation>第 %1 户（户主：%2）</translation>
    </message>
</context>
<context>
    <name>AddressTree</name>
    <message>
        <location filename="../../desktop/ui/address_tree.py" line="41"/>
        <source>Areas and addresses</source>
        <translation>区域与地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/address_tree.py" line="78"/>
        <source>%1 (closed %2)</source>
        <translation>%1（已停用 %2）</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="137"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="140"/>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="145"/>
        <location filename="../../desktop/ui/audit_view.py" line="215"/>
        <source>All users</source>
        <translation>全部用户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="155"/>
        <source>Show</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="159"/>
        <location filename="../../desktop/ui/audit_view.py" line="168"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="159"/>
        <location filename="../../desktop/ui/audit_view.py" line="168"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="160"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="160"/>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="168"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="168"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="168"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="169"/>
        <source>Details</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="169"/>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="169"/>
        <source>Sent to central</source>
        <translation>已上传</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="181"/>
        <source>Events cannot be changed or deleted. Opening lists is not logged; revealing full numbers, exports, imports, conflict resolutions, sign-in and sign-out, wrong passphrases, locks and archiving are.</source>
        <translation>审计记录不能修改或删除。打开列表不记录；显示完整号码、导出、导入、处理冲突、登录和退出、口令错误、锁定和归档都会记录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="217"/>
        <source>(not signed in)</source>
        <translation>（未登录）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="224"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="224"/>
        <source>not yet</source>
        <translation>尚未</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/audit_view.py" line="230"/>
        <source>%n event(s)</source>
        <translation>
            <numerusform>共 %n 条记录</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="32"/>
        <source>Viewed</source>
        <extracomment>Names of the audit actions (Chinese through Qt Linguist, context AuditView).</extracomment>
        <translation>查看</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="33"/>
        <source>Revealed full numbers</source>
        <translation>显示完整号码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="34"/>
        <source>Created</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="35"/>
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="36"/>
        <source>Deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="37"/>
        <source>Exported</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="38"/>
        <source>Imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="39"/>
        <source>Resolved a conflict</source>
        <translation>处理冲突</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="40"/>
        <source>Signed in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="41"/>
        <source>Signed out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="42"/>
        <source>Wrong passphrase</source>
        <translation>口令错误</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="43"/>
        <source>Locked</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="44"/>
        <source>Archived</source>
        <translation>归档</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="45"/>
        <source>Assigned</source>
        <translation>分配</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="51"/>
        <source>resident</source>
        <extracomment>What an event is about (the ``entity`` column), by its code.</extracomment>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="52"/>
        <source>household</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="53"/>
        <source>rental unit</source>
        <translation>出租房屋</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="54"/>
        <source>address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="55"/>
        <source>registration</source>
        <translation>居住登记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="56"/>
        <source>residence permit</source>
        <translation>居住证</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="57"/>
        <location filename="../../desktop/ui/audit_view.py" line="80"/>
        <source>area</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="58"/>
        <source>local data</source>
        <translation>本机数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="59"/>
        <location filename="../../desktop/ui/audit_view.py" line="82"/>
        <source>ledger</source>
        <translation>台账</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="60"/>
        <location filename="../../desktop/ui/audit_view.py" line="81"/>
        <source>reminders</source>
        <translation>提醒清单</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="61"/>
        <location filename="../../desktop/ui/audit_view.py" line="73"/>
        <source>rates report</source>
        <translation>三率报告</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="67"/>
        <source>set up an encrypted store</source>
        <extracomment>Words and phrases the services write into an event&apos;s ``detail`` (English, never personal data), shown translated; anything else (area codes, dates, numbers, file kinds) is shown as written.</extracomment>
        <translation>建立了加密的本机数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="68"/>
        <source>encrypted an existing store</source>
        <translation>加密已有的本机数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="69"/>
        <source>wrong passphrases before this unlock</source>
        <translation>本次解锁前输错口令</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="70"/>
        <source>passphrase changed</source>
        <translation>更改了口令</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="71"/>
        <source>deleted the record</source>
        <translation>删除了记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="72"/>
        <source>moved out before</source>
        <translation>搬离早于</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="74"/>
        <source>ledger import</source>
        <translation>台账导入</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="75"/>
        <source>ledger import (command line)</source>
        <translation>台账导入（命令行）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="76"/>
        <source>by hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="77"/>
        <source>after idle time</source>
        <translation>闲置后自动</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="78"/>
        <source>fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="79"/>
        <source>rows</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="83"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="84"/>
        <source>phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="85"/>
        <source>name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="104"/>
        <source>Grid officer</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="105"/>
        <source>Police assistant</source>
        <translation>协管员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="106"/>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
</context>
<context>
    <name>BuildingDialog</name>
    <message>
        <location filename="../../desktop/ui/building_dialog.py" line="52"/>
        <source>New building</source>
        <translation>新建楼栋</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/building_dialog.py" line="60"/>
        <source>e.g. 3幢</source>
        <translation>例如 3幢</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/building_dialog.py" line="64"/>
        <source>no units</source>
        <translation>不分单元</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/building_dialog.py" line="66"/>
        <source>Number rooms continuously across units (1单元 101–102, 2单元 103–104)</source>
        <translation>各单元连续编号（1单元 101–102，2单元 103–104）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/building_dialog.py" line="68"/>
        <source>List floors as their own level (…1单元3层301室)</source>
        <translation>楼层单独列为一级（…1单元3层301室）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/building_dialog.py" line="72"/>
        <source>Below: %1</source>
        <translation>上级：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/building_dialog.py" line="73"/>
        <source>&amp;Building name</source>
        <translation>楼栋名称(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/building_dialog.py" line="74"/>
        <source>&amp;Floors above ground</source>
        <translation>地上层数(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/building_dialog.py" line="75"/>
        <source>&amp;Rooms per floor</source>
        <translation>每层户数(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/building_dialog.py" line="76"/>
        <source>U&amp;nits</source>
        <translation>单元数(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/building_dialog.py" line="77"/>
        <source>Base&amp;ment floors with rooms</source>
        <translation>有住户的地下层数(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/building_dialog.py" line="83"/>
        <source>Preview of &amp;unit:</source>
        <translation>预览单元(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/building_dialog.py" line="98"/>
        <source>Type to rename a room; clear a cell to leave that room out</source>
        <translation>直接输入可修改室号；清空单元格则不建该户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/building_dialog.py" line="108"/>
        <source>Create (Ctrl+Enter)</source>
        <translation>创建 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/building_dialog.py" line="109"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/building_dialog.py" line="152"/>
        <source>(no units)</source>
        <translation>（不分单元）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/building_dialog.py" line="177"/>
        <source>Floor %1</source>
        <translation>%1层</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/building_dialog.py" line="202"/>
        <source>%1 rooms, %2 units</source>
        <translation>%1 间房，%2 个单元</translation>
    </message>
</context>
<context>
    <name>ChangeHeadDialog</name>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="189"/>
        <source>Change head of household</source>
        <translation>变更户主</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="203"/>
        <source>Change head</source>
        <translation>变更户主</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="205"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="209"/>
        <source>New head</source>
        <translation>新户主</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="210"/>
        <source>Old head&apos;s relationship to the new head</source>
        <translation>原户主与新户主关系</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="213"/>
        <source>This household has no head at present.</source>
        <translation>该户目前没有户主。</translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <location filename="../../desktop/ui/privacy_menu.py" line="81"/>
        <source>Change passphrase</source>
        <extracomment>Action object name → the roles that see it (DESIGN §1; the rest is the same for every role).</extracomment>
        <translation>修改口令</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/privacy_menu.py" line="95"/>
        <source>Current passphrase</source>
        <translation>当前口令</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/privacy_menu.py" line="96"/>
        <source>New passphrase</source>
        <translation>新口令</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/privacy_menu.py" line="97"/>
        <source>Repeat it</source>
        <translation>再输入一次</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="88"/>
        <source>Resolve a conflict</source>
        <translation>处理冲突</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="94"/>
        <source>Record %1 (%2)</source>
        <translation>记录 %1（%2）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="96"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="97"/>
        <source>Sent by the other officer</source>
        <translation>另一方提交的值</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="98"/>
        <source>Kept on the server</source>
        <translation>服务器保留的值</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="104"/>
        <location filename="../../desktop/ui/sync_panel.py" line="107"/>
        <source>%1 on %2 at %3%4</source>
        <translation>%1（设备 %2，%3）%4</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="106"/>
        <location filename="../../desktop/ui/sync_panel.py" line="109"/>
        <source> (this device)</source>
        <translation>（本设备）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="129"/>
        <source>Resolve</source>
        <translation>确定处理</translation>
    </message>
</context>
<context>
    <name>CoveragePanel</name>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="204"/>
        <source>Coverage (visited ÷ rooms)</source>
        <translation>走访覆盖率（已走访 ÷ 房间数）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="231"/>
        <source>This grid</source>
        <translation>本网格</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="234"/>
        <source>Community</source>
        <translation>本社区</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="236"/>
        <source>Grids of the community, lowest first</source>
        <translation>社区各网格（从低到高）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="239"/>
        <source>Officers, lowest first</source>
        <translation>各网格员（从低到高）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="246"/>
        <source>%1 of %2 (%3)</source>
        <translation>%1 / %2（%3）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="249"/>
        <source> · %1 to revisit</source>
        <translation> · %1 户待复访</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../desktop/ui/crash.py" line="35"/>
        <source>Doorstep ran into a problem</source>
        <translation>Doorstep 遇到了问题</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/crash.py" line="36"/>
        <source>Something unexpected went wrong. What you saved before is safe: every saved edit is in this computer&apos;s store and in the sync queue.</source>
        <translation>发生了意外错误。之前已保存的内容不会丢失：每次保存都已写入本机数据库和待同步队列。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/crash.py" line="40"/>
        <source>What to do:
1. Close this message and try again.
2. If it happens again, close Doorstep and start it again.
3. Tell your supervisor and give them the log file:
%1</source>
        <translation>请这样做：
1. 关闭此提示，再试一次刚才的操作。
2. 如果再次出现，请关闭 Doorstep 后重新启动。
3. 告诉主管，并把日志文件交给他们：
%1</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="167"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="169"/>
        <source>Export report (Excel)…</source>
        <translation>导出报告 (Excel)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="172"/>
        <source>Export report (PDF)…</source>
        <translation>导出报告 (PDF)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="207"/>
        <source>Estimated true floating population %1 (95% CI %2–%3; registered %4)</source>
        <translation>实有流动人口估计 %1（95% 置信区间 %2–%3；在册登记 %4）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="211"/>
        <source>stale records %1</source>
        <translation>未注销率 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="199"/>
        <source>Central data — district figures from the central server</source>
        <translation>中心数据 — 来自中心服务器的全区数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="201"/>
        <source>This device&apos;s data — central is not reachable, figures from local data</source>
        <translation>本机数据 — 无法连接中心，按本机数据计算</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="218"/>
        <source>Floating population above the local population: %1</source>
        <translation>人口倒挂：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="221"/>
        <source>Same-origin same-trade clusters: %1</source>
        <translation>同籍同业聚集：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="222"/>
        <source>No verification sample yet</source>
        <translation>尚无核查样本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="246"/>
        <source>The three rates against 95% (95% intervals)</source>
        <translation>三率与 95% 目标（95% 置信区间）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="256"/>
        <source>Target 95%</source>
        <translation>目标 95%</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="267"/>
        <source>Estimate</source>
        <translation>估计值</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="294"/>
        <source>Trend by month</source>
        <translation>按月趋势</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="318"/>
        <source>Accuracy by registering officer</source>
        <translation>按登记人的登记信息准确率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="348"/>
        <source>Registration rate by community</source>
        <translation>各社区居住登记率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="375"/>
        <source>Origin province (top 10)</source>
        <translation>户籍省份（前 10）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="377"/>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="402"/>
        <source>Age pyramid by sex</source>
        <translation>分性别年龄金字塔</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="404"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="404"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="424"/>
        <source>Rental</source>
        <translation>出租房</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="424"/>
        <source>Group rental</source>
        <translation>群租房</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="425"/>
        <source>Ordinary</source>
        <translation>普通住房</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="425"/>
        <source>Dormitory</source>
        <translation>单位宿舍</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="427"/>
        <source>Housing type</source>
        <translation>居住房屋类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="441"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="441"/>
        <source>ID number</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="441"/>
        <source>Address (room)</source>
        <translation>居住地址（到室）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="442"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="442"/>
        <source>Employer</source>
        <translation>服务处所</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="442"/>
        <source>Living here</source>
        <translation>在住状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="444"/>
        <source>Accuracy by key field</source>
        <translation>分项准确率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="446"/>
        <source>Correct</source>
        <translation>正确</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="477"/>
        <source>Export report</source>
        <translation>导出报告</translation>
    </message>
</context>
<context>
    <name>DryRunPage</name>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="488"/>
        <source>Dry run</source>
        <translation>试导入（不写入）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="489"/>
        <source>Every row is checked against the store as it is now; nothing is written.</source>
        <translation>按当前库中数据逐行检查，不写入任何数据。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="491"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../desktop/ui/errors.py" line="116"/>
        <source>Something went wrong.</source>
        <extracomment>English source text of every AppError code and sync failure kind.</extracomment>
        <translation>操作失败。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="117"/>
        <source>The local data file cannot be used.</source>
        <translation>本地数据文件无法使用。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="118"/>
        <source>The passphrase does not open this profile.</source>
        <translation>口令错误，无法打开此用户档案。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="119"/>
        <source>Too many wrong passphrases. Try again in {seconds} s.</source>
        <translation>口令错误次数过多，请 {seconds} 秒后再试。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="120"/>
        <source>This passphrase cannot be used ({reason}).</source>
        <translation>不能使用这个口令（{reason}）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="121"/>
        <source>The key file of this profile (doorstep.key.json) is missing, so its data cannot be opened. Restore the file from a backup of the profile folder.</source>
        <translation>本机数据的密钥文件（doorstep.key.json）不见了，数据无法打开。请从数据目录的备份中恢复该文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="124"/>
        <source>The record no longer exists.</source>
        <translation>该记录已不存在。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="125"/>
        <source>The input has errors; see the marked fields.</source>
        <translation>输入有误，请查看标红的字段。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="126"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="127"/>
        <source>Sync failed; nothing queued was lost.</source>
        <translation>同步失败；待同步数据均已保留。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="128"/>
        <source>Cannot reach the central server. Your edits stay queued; try again when online.</source>
        <translation>无法连接中心服务器。您的修改仍在待同步队列中，联网后请重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="130"/>
        <source>The central server did not accept your sign-in. Sign in again.</source>
        <translation>中心服务器未接受您的登录，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="132"/>
        <source>The central server refused some records as invalid.</source>
        <translation>中心服务器以数据无效为由拒收了部分记录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="133"/>
        <source>The central server had an error. Your edits stay queued; try again later.</source>
        <translation>中心服务器出错。您的修改仍在待同步队列中，请稍后重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="135"/>
        <source>This is not the central server of this profile. Nothing was sent or deleted.</source>
        <translation>这不是本档案对应的中心服务器。未发送也未删除任何数据。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="137"/>
        <source>The central server needs a newer version of this app.</source>
        <translation>中心服务器要求升级本软件到新版本。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="139"/>
        <source>Too many failed sign-ins. Wait a few minutes and try again; if you forgot the password, ask your supervisor to reset it.</source>
        <translation>登录失败次数过多。请等几分钟再试；如果忘记了密码，请联系主管重置。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="142"/>
        <source>There is nothing to undo.</source>
        <translation>没有可撤销的操作。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="143"/>
        <source>Cannot undo: the record was changed again since (by you or by a sync). Nothing was changed.</source>
        <translation>无法撤销：该记录之后又被修改过（本人修改或同步）。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="145"/>
        <source>This address is closed; reopen or choose an open one.</source>
        <translation>该地址已停用；请选择在用的地址。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="146"/>
        <source>Record who lives here first; the registrations are shown after that.</source>
        <translation>请先登记实际居住人员，之后才显示登记记录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="148"/>
        <source>What was found at this address is already recorded and cannot be changed.</source>
        <translation>该地址的实地核查结果已保存，不能再修改。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="150"/>
        <source>Your role may not open the records behind the figures.</source>
        <translation>您的角色无权查看指标背后的记录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="151"/>
        <source>This person is already registered as living at this address.</source>
        <translation>此人已在本地址登记居住。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="153"/>
        <source>This person is not a living member of the household.</source>
        <translation>此人不是该户的在住成员。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="155"/>
        <source>Door-plate code {code} is already used by {address}; it cannot be reused.</source>
        <translation>门牌码 {code} 已用于 {address}，不能重复使用。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="157"/>
        <source>No address has door-plate code {code}.</source>
        <translation>没有地址使用门牌码 {code}。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="158"/>
        <source>No door-plate QR code could be read in this picture.</source>
        <translation>未能从这张图片中识别出门牌二维码。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="159"/>
        <source>{count} records are still waiting to be sent. Sync first, or export them to an encrypted file before signing out or switching user.</source>
        <translation>还有 {count} 条记录等待发送。请先同步，或在退出登录、切换用户前把它们导出为加密文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="162"/>
        <source>Only a supervisor can resolve a conflict.</source>
        <translation>只有主管可以处理冲突。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="163"/>
        <source>Unexpected error: {detail}</source>
        <translation>意外错误：{detail}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="221"/>
        <source>Doorstep</source>
        <translation>入户登记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="167"/>
        <source>The user name or password is wrong. Check them and sign in again.</source>
        <translation>用户名或密码不正确，请检查后重新登录。</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="175"/>
        <location filename="../../desktop/ui/import_wizard.py" line="197"/>
        <source>Choose the ledger</source>
        <translation>选择台账文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="176"/>
        <source>An Excel workbook (.xlsx) or a CSV file (UTF-8, GBK or GB18030) as the office keeps it: title rows above the header are fine.</source>
        <translation>社区日常使用的 Excel 工作簿（.xlsx）或 CSV 文件（UTF-8、GBK 或 GB18030 编码）；表头上方有标题行也可以。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="180"/>
        <source>Path of the ledger file</source>
        <translation>台账文件路径</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="182"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="188"/>
        <source>Nothing is written until the last step: first every row is checked (dry run) and you see what would happen.</source>
        <translation>最后一步之前不会写入任何数据：先逐行检查（试导入），您可以看到每一行将如何处理。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="198"/>
        <source>Ledgers (*.xlsx *.xlsm *.csv *.txt)</source>
        <translation>台账 (*.xlsx *.xlsm *.csv *.txt)</translation>
    </message>
</context>
<context>
    <name>FixesDialog</name>
    <message>
        <location filename="../../desktop/ui/fixes_dialog.py" line="34"/>
        <source>Hazard</source>
        <translation>有隐患</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/fixes_dialog.py" line="35"/>
        <source>Needs rectification</source>
        <translation>需整改</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/fixes_dialog.py" line="51"/>
        <source>Rectification items</source>
        <translation>整改事项</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/fixes_dialog.py" line="55"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/fixes_dialog.py" line="55"/>
        <source>Finding</source>
        <translation>核验结论</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/fixes_dialog.py" line="55"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/fixes_dialog.py" line="56"/>
        <source>Items to fix</source>
        <translation>整改项目</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/fixes_dialog.py" line="56"/>
        <source>Checked by</source>
        <translation>核验人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/fixes_dialog.py" line="64"/>
        <source>What was done (optional)</source>
        <translation>整改情况（可不填）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/fixes_dialog.py" line="65"/>
        <source>&amp;Fixed, back to the verifier</source>
        <translation>已整改，交回核验(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/fixes_dialog.py" line="70"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/fixes_dialog.py" line="99"/>
        <source>%n open item(s) from the rental round</source>
        <translation>
            <numerusform>出租房屋核验待整改 %n 项</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="507"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="508"/>
        <source>The rows are stored in one transaction: Cancel leaves the store as it was.</source>
        <translation>所有行在一个事务中保存：取消后数据保持导入前的状态。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="509"/>
        <source>Save the result workbook…</source>
        <translation>保存导入结果表…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="519"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="523"/>
        <source>Nothing was imported: the import was rolled back as a whole.</source>
        <translation>未导入任何数据：整个导入已回滚。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="524"/>
        <source>%1 data rows imported.</source>
        <translation>已处理 %1 行数据。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="528"/>
        <source>Import cancelled: the store is as it was before.</source>
        <translation>导入已取消：数据与导入前完全相同。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="530"/>
        <source>The import stopped on a storage error and was rolled back: %1</source>
        <translation>导入因保存错误中止并已回滚：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="532"/>
        <source>Import finished. Save the result workbook to fix the rejected rows and import it again.</source>
        <translation>导入完成。可保存导入结果表，修改被拒绝的行后再次导入。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="542"/>
        <source>Save the result workbook</source>
        <translation>保存导入结果表</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="543"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="551"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="554"/>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="553"/>
        <source>Run the import again</source>
        <translation>重新导入</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="555"/>
        <source>Nothing was stored: run the whole import again from the start of the file.</source>
        <translation>没有保存任何数据：可从文件开头重新导入全部行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="572"/>
        <source>Cancelled: rolled back, nothing stored</source>
        <translation>已取消：已回滚，没有保存任何数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="573"/>
        <source>Stopped: rolled back, nothing stored</source>
        <translation>已中止：已回滚，没有保存任何数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="596"/>
        <source>Nothing was stored, so there is no result workbook to save.</source>
        <translation>没有保存任何数据，因此没有导入结果表可保存。</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="57"/>
        <location filename="../../desktop/ui/import_wizard.py" line="86"/>
        <source>Created</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="58"/>
        <source>Created, with notes</source>
        <translation>新建（有提示）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="59"/>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="60"/>
        <source>Unchanged</source>
        <translation>无变化</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="68"/>
        <source>Duplicate (not stored)</source>
        <translation>重复（未保存）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="62"/>
        <location filename="../../desktop/ui/import_wizard.py" line="90"/>
        <source>Rejected</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="63"/>
        <source>Not imported (rolled back)</source>
        <translation>未导入（已回滚）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="64"/>
        <source>Skipped (not a person)</source>
        <translation>跳过（不是人员行）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="85"/>
        <source>All rows</source>
        <translation>全部行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="87"/>
        <source>Updated or unchanged</source>
        <translation>更新或无变化</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="88"/>
        <source>With notes</source>
        <translation>有提示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="89"/>
        <source>Duplicates</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="91"/>
        <source>Skipped</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="579"/>
        <source>Import ledger</source>
        <translation>导入台账</translation>
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
        <location filename="../../desktop/ui/labels.py" line="119"/>
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
    <message>
        <location filename="../../desktop/ui/labels.py" line="116"/>
        <source>Not visited</source>
        <extracomment>The task list&apos;s room statuses (desktop.domain.layout.TASK_STATUSES): 未走访 and the visit outcomes.</extracomment>
        <translation>未走访</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="117"/>
        <source>Registered</source>
        <translation>已登记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="118"/>
        <source>Nobody home</source>
        <translation>无人在家</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="120"/>
        <source>Refused</source>
        <translation>拒访</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="121"/>
        <source>Revisit needed</source>
        <translation>需复访</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="126"/>
        <source>visit</source>
        <extracomment>What the officer can undo (desktop.services.undo.Operation.kind), as &quot;Undo &lt;this&gt;&quot;.</extracomment>
        <translation>走访</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="127"/>
        <source>new building</source>
        <translation>新建楼栋</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="128"/>
        <source>unit copy</source>
        <translation>复制单元</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="129"/>
        <source>rename</source>
        <translation>改名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="130"/>
        <source>closing</source>
        <translation>停用地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/labels.py" line="131"/>
        <source>new address</source>
        <translation>新增地址</translation>
    </message>
</context>
<context>
    <name>LedgerActions</name>
    <message>
        <location filename="../../desktop/ui/ledger_actions.py" line="27"/>
        <source>Import ledger…</source>
        <translation>导入台账…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_actions.py" line="29"/>
        <source>Import a community ledger (Excel or CSV): check every row first</source>
        <translation>导入社区台账（Excel 或 CSV）：先逐行检查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_actions.py" line="31"/>
        <source>Export ledger…</source>
        <translation>导出台账…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_actions.py" line="33"/>
        <source>Export the register of the selected area as a ledger</source>
        <translation>将所选区域的登记数据导出为台账</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_actions.py" line="72"/>
        <source>Export ledger: full names, ID numbers, phones and addresses (logged)</source>
        <translation>导出台账：含完整姓名、身份证号码、电话和地址（将记入审计日志）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/ledger_actions.py" line="85"/>
        <source>Exported %n person(s) to %1 (full ID numbers and phones; logged)</source>
        <translation>
            <numerusform>已导出 %n 人到 %1（含完整身份证号码和电话；已记入审计日志）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_actions.py" line="74"/>
        <source>Excel workbook (*.xlsx);;CSV with BOM (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;带 BOM 的 CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/ledger_actions.py" line="92"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
</context>
<context>
    <name>Lock</name>
    <message>
        <location filename="../../desktop/ui/lock.py" line="60"/>
        <source>Too many wrong passphrases. Try again in %1 s.</source>
        <extracomment>How often the idle time is checked (the lock comes at most this late).</extracomment>
        <translation>口令错误次数过多，请 %1 秒后再试。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="70"/>
        <source>The passphrase is wrong. Check Caps Lock and the input method (half-width, English), then try again.</source>
        <translation>口令不正确。请检查大写锁定键和输入法（半角、英文）后重试。</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <location filename="../../desktop/ui/lock.py" line="293"/>
        <source>Doorstep is locked</source>
        <translation>Doorstep 已锁定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="297"/>
        <source>Personal data is hidden. Enter the passphrase to continue; what you were typing is kept.</source>
        <translation>个人信息已隐藏。输入口令继续工作，正在填写的内容不会丢失。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="305"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="85"/>
        <source>Doorstep — floating population registration</source>
        <translation>入户登记 — 流动人口居住登记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="92"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="93"/>
        <source>Residents</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="104"/>
        <source>Rates</source>
        <translation>三率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="117"/>
        <source>Not synced yet</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="142"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="144"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="146"/>
        <source>Send local edits to the central server and fetch updates</source>
        <translation>把本地修改上传到中心服务器并下载更新</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="148"/>
        <source>Refresh rates</source>
        <translation>刷新三率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="150"/>
        <source>Register resident</source>
        <translation>登记人员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="152"/>
        <source>Add address</source>
        <translation>新增地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="194"/>
        <source>Full numbers shown; the reveal is in the audit log</source>
        <translation>已显示完整号码，此操作已记入审计日志</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="226"/>
        <source>Resident saved</source>
        <translation>人员已保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="248"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/main_window.py" line="268"/>
        <source>Waiting to sync: %n record(s)</source>
        <translation>
            <numerusform>待同步：%n 条</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="280"/>
        <source>Connecting to the central server…</source>
        <translation>正在连接中心服务器…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="281"/>
        <source>Sending local edits…</source>
        <translation>正在上传本地修改…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="282"/>
        <source>Fetching updates…</source>
        <translation>正在下载更新…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="294"/>
        <source>Sync is not available in this build</source>
        <translation>此版本不支持同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="306"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="315"/>
        <source>Last sync %1: sent %2 (applied %3, duplicate %4, conflict %5, rejected %6), received %7</source>
        <translation>上次同步 %1：上传 %2 条（已接收 %3，重复 %4，冲突 %5，拒收 %6），下载 %7 条</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="333"/>
        <source>Sync cancelled; nothing queued was lost</source>
        <translation>同步已取消；待同步数据均已保留</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="335"/>
        <source>Sync failed: %1</source>
        <translation>同步失败：%1</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="219"/>
        <source>Columns</source>
        <translation>列对应</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="220"/>
        <source>Check which field each column holds. Change a column&apos;s field if it is wrong; name, ID number and residence address are required.</source>
        <translation>请核对每一列对应的字段，不对的可以修改；姓名、身份证号码和居住地址为必需。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="222"/>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="222"/>
        <source>Imported as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="222"/>
        <source>First row</source>
        <translation>第一行数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="226"/>
        <source>Keep this mapping for the next imports</source>
        <translation>保存此对应关系，下次导入时使用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="242"/>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="250"/>
        <source>(no header)</source>
        <translation>（无表头）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="253"/>
        <source>(not imported)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="264"/>
        <source>Header found on row %1</source>
        <translation>表头在第 %1 行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="266"/>
        <source> of sheet %1</source>
        <translation>（工作表 %1）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="267"/>
        <source>%1 data rows</source>
        <translation>共 %1 行数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="284"/>
        <source>Required columns not mapped: %1</source>
        <translation>必需的列尚未对应：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="287"/>
        <source>Mapped to more than one column: %1</source>
        <translation>以下字段对应了多列：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="281"/>
        <source>%1; %2.</source>
        <translation>%1；%2。</translation>
    </message>
</context>
<context>
    <name>MatchPanel</name>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="47"/>
        <source>Existing records: type an ID number, name, phone or birth date</source>
        <translation>已有记录：输入身份证号、姓名、电话或出生日期即可查重</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="56"/>
        <source>Move in here</source>
        <translation>办理迁入</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="86"/>
        <source>No existing record matches: a new record will be created</source>
        <translation>没有匹配的已有记录：将新建记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="88"/>
        <source>Possible existing records (%1)</source>
        <translation>可能的已有记录（%1）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="95"/>
        <source>%1 is already registered as living at this address.</source>
        <translation>%1 已在本地址登记居住。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="99"/>
        <source>This person is already registered at %1. Move them in here?</source>
        <translation>此人已在 %1 登记，办理迁入？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="103"/>
        <source>This person is already on record (no current address). Register them here?</source>
        <translation>此人已有记录（当前无居住地址），在此办理迁入？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="117"/>
        <source>Searched this device and central</source>
        <translation>已查询本机和中心数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="118"/>
        <source>Offline: local data only</source>
        <translation>离线：仅本机数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="119"/>
        <source>Not signed in: local data only</source>
        <translation>未登录：仅本机数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="120"/>
        <source>Searching central…</source>
        <translation>正在查询中心…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="143"/>
        <source>no current address</source>
        <translation>当前无居住地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="146"/>
        <source>Central</source>
        <translation>中心</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="149"/>
        <location filename="../../desktop/ui/match_panel.py" line="161"/>
        <source>same ID number</source>
        <translation>证件号码相同</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="151"/>
        <source>likely duplicate: same name and birth date</source>
        <translation>疑似重复：姓名和出生日期相同</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="153"/>
        <source>likely duplicate: same phone</source>
        <translation>疑似重复：电话相同</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="155"/>
        <source>same name</source>
        <translation>姓名相同</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="156"/>
        <source>name begins so</source>
        <translation>姓名开头相同</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="157"/>
        <source>pinyin initials</source>
        <translation>拼音首字母</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="158"/>
        <source>phone ending</source>
        <translation>电话尾号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="159"/>
        <source>same birth date</source>
        <translation>出生日期相同</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/match_panel.py" line="160"/>
        <source>same phone</source>
        <translation>电话相同</translation>
    </message>
</context>
<context>
    <name>MoveDialogs</name>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="45"/>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="55"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="76"/>
        <source>Type a date as YYYY-MM-DD</source>
        <translation>请按 年-月-日 输入日期（如 2025-07-01）</translation>
    </message>
</context>
<context>
    <name>MoveHouseholdDialog</name>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="115"/>
        <location filename="../../desktop/ui/move_dialogs.py" line="121"/>
        <source>Move household</source>
        <translation>整户迁移</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="120"/>
        <source>Moved to another room</source>
        <translation>迁往其他房间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="124"/>
        <source>Type part of the new address (3+ characters)</source>
        <translation>输入新地址的一部分（至少3个字）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="132"/>
        <source>Move every member of %1 to the room chosen below.</source>
        <translation>将%1的全部成员迁往下面选择的房间。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="135"/>
        <source>New address</source>
        <translation>新地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="137"/>
        <source>Moved date</source>
        <translation>迁移日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="139"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>MoveOutDialog</name>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="89"/>
        <location filename="../../desktop/ui/move_dialogs.py" line="93"/>
        <source>Move out</source>
        <translation>搬离</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="90"/>
        <source>Moved away</source>
        <translation>已搬走</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="90"/>
        <source>Returned to hometown</source>
        <translation>返回原籍</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="90"/>
        <source>Changed job</source>
        <translation>更换工作</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="91"/>
        <source>Lease ended</source>
        <translation>租约到期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="94"/>
        <source>%1 moves out of %2. The registration is kept as history.</source>
        <translation>%1 从 %2 搬离。登记记录保留为历史。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="98"/>
        <source>Moved-out date</source>
        <translation>搬离日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/move_dialogs.py" line="100"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>OfficerDayActions</name>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="96"/>
        <location filename="../../desktop/ui/officer_day.py" line="107"/>
        <source>Reminders</source>
        <translation>提醒</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="100"/>
        <source>&amp;Officer</source>
        <translation>网格员(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="101"/>
        <source>Officer</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="103"/>
        <source>Rental unit…</source>
        <translation>出租房屋…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="104"/>
        <source>Residence permit…</source>
        <translation>居住证…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="105"/>
        <source>Print door plates…</source>
        <translation>打印门牌…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="106"/>
        <source>Open plate photo…</source>
        <translation>识别门牌照片…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="114"/>
        <source>Move out…</source>
        <translation>搬离…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="115"/>
        <source>Move household…</source>
        <translation>整户迁移…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="117"/>
        <source>Change head…</source>
        <translation>变更户主…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="122"/>
        <source>Rectification items…</source>
        <translation>整改事项…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="178"/>
        <location filename="../../desktop/ui/officer_day.py" line="190"/>
        <source>Select a resident on the address page first</source>
        <translation>请先在地址页选择一名人员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="204"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="218"/>
        <source>%1 moved out</source>
        <translation>%1 已搬离</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="232"/>
        <location filename="../../desktop/ui/officer_day.py" line="258"/>
        <source>This resident belongs to no household</source>
        <translation>该人员不属于任何户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="244"/>
        <source>Household moved to %1</source>
        <translation>已整户迁往 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="272"/>
        <source>%1 is now the head of the household</source>
        <translation>%1 现为户主</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="283"/>
        <source>Yinzhou District door plate</source>
        <translation>鄞州区门牌</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="283"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="284"/>
        <source>Rental unit</source>
        <translation>出租房屋</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="284"/>
        <source>Plate code</source>
        <translation>门牌码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="290"/>
        <source>Select a building or an address first</source>
        <translation>请先选择一幢楼或一个地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="293"/>
        <source>Save door plates</source>
        <translation>保存门牌</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="294"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="304"/>
        <source>Preparing door plates…</source>
        <translation>正在生成门牌…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="309"/>
        <source>%1 door plates on %2 pages: %3</source>
        <translation>已生成 %1 块门牌，共 %2 页：%3</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="317"/>
        <source>Open plate photo</source>
        <translation>打开门牌照片</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="318"/>
        <source>Images (*.png *.jpg *.jpeg *.bmp)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.bmp)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="324"/>
        <source>Reading the plate…</source>
        <translation>正在识别门牌…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/officer_day.py" line="341"/>
        <source>Door plate %1: %2</source>
        <translation>门牌 %1：%2</translation>
    </message>
</context>
<context>
    <name>PassphraseSetupDialog</name>
    <message>
        <location filename="../../desktop/ui/lock.py" line="105"/>
        <source>Protect this profile with a passphrase</source>
        <translation>设置口令保护本机数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="108"/>
        <source>Doorstep keeps ID numbers, phones and addresses on this computer. Everything is encrypted with the passphrase you choose now, and Doorstep asks for it at every start and after %1 idle minutes.</source>
        <translation>Doorstep 在本机保存身份证号码、电话和住址。所有数据都用您现在设置的口令加密；每次启动以及闲置 %1 分钟后都要输入口令。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="113"/>
        <source>Nobody can recover a forgotten passphrase, not even the supervisor: data not yet synced would be lost. Use a sentence of several words that you will remember.</source>
        <translation>忘记口令后任何人（包括主管）都无法找回，尚未同步的数据将会丢失。建议用一句您记得住的、由几个词组成的话。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="131"/>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="132"/>
        <source>Strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="134"/>
        <source>Repeat it</source>
        <translation>再输入一次</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="137"/>
        <source>Encrypt and continue</source>
        <translation>加密并继续</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="137"/>
        <source>Create profile</source>
        <translation>创建</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="138"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="144"/>
        <source>The records already in this profile are encrypted now; the unencrypted file is overwritten and removed.</source>
        <translation>本机已有的记录将立即加密；未加密的原文件会被覆盖并删除。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="158"/>
        <source>Very weak</source>
        <translation>非常弱</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="158"/>
        <source>Weak</source>
        <translation>弱</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="158"/>
        <source>Fair</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="158"/>
        <source>Strong</source>
        <translation>强</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="158"/>
        <source>Very strong</source>
        <translation>非常强</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="163"/>
        <source>At least %1 characters; several words are easiest to remember.</source>
        <translation>至少 %1 个字符；由几个词组成的口令最好记。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="175"/>
        <source>The two entries differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="176"/>
        <source>Use at least %1 characters.</source>
        <translation>口令至少需要 %1 个字符。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="177"/>
        <source>This passphrase is too easy to guess: add more words.</source>
        <translation>这个口令太容易被猜到，请再加几个词。</translation>
    </message>
</context>
<context>
    <name>PermitDialog</name>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="37"/>
        <source>Residence permit</source>
        <translation>居住证</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="47"/>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="50"/>
        <source>Endorsement dates, separated by commas</source>
        <translation>签注日期，用逗号分隔</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="51"/>
        <source>Endorsed today</source>
        <translation>今日已签注</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="62"/>
        <source>Permit number</source>
        <translation>居住证号码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="63"/>
        <source>Issue date</source>
        <translation>签发日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="64"/>
        <source>Endorsements</source>
        <translation>签注记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="68"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="69"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="84"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="88"/>
        <source>Residence permit of %1</source>
        <translation>%1 的居住证</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="96"/>
        <source>work</source>
        <translation>就业</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="96"/>
        <source>housing</source>
        <translation>住所</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="96"/>
        <source>study</source>
        <translation>就读</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="97"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="99"/>
        <source>Eligibility: no residence declaration yet</source>
        <translation>申领条件：尚未申报居住登记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="101"/>
        <source>Eligible for a permit (six months since %1; conditions met: %2)</source>
        <translation>符合申领居住证条件（%1 起满六个月；满足条件：%2）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="104"/>
        <source>Not yet eligible: six months reached on %1; conditions met: %2</source>
        <translation>暂不符合申领条件：%1 满六个月；满足条件：%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="138"/>
        <source>Next endorsement window opens %1 (due %2)</source>
        <translation>下次签注期 %1 开始（%2 前签注）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="139"/>
        <source>Endorsement window open now: endorse before %2 (opened %1)</source>
        <translation>现处于签注期：请在 %2 前签注（%1 起）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="140"/>
        <source>Suspended: not endorsed by %2 (window opened %1)</source>
        <translation>使用功能中止：%2 前未签注（签注期自 %1 起）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="141"/>
        <source>Terminated</source>
        <translation>已注销</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/permit_dialog.py" line="163"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="314"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="315"/>
        <source>The first rows as they will be stored: codes mapped, dates and phones normalised. Nothing has been written.</source>
        <translation>前若干行将按如下内容保存：代码已转换，日期和电话已规范。尚未写入任何数据。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="317"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="317"/>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="317"/>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="318"/>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="318"/>
        <source>Ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="319"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="319"/>
        <source>Education</source>
        <translation>文化程度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="320"/>
        <source>Residence address</source>
        <translation>居住地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="320"/>
        <source>Town</source>
        <translation>镇街</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="321"/>
        <source>Landlord</source>
        <translation>房东</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="322"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="322"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="322"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="334"/>
        <source>Checking the first rows…</source>
        <translation>正在检查前几行…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="360"/>
        <source>First %1 rows of %2.</source>
        <translation>共 %2 行中的前 %1 行。</translation>
    </message>
</context>
<context>
    <name>PrivacyMenu</name>
    <message>
        <location filename="../../desktop/ui/privacy_menu.py" line="114"/>
        <source>Se&amp;curity</source>
        <translation>安全(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/privacy_menu.py" line="118"/>
        <source>Lock now</source>
        <translation>立即锁定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/privacy_menu.py" line="119"/>
        <source>Change passphrase…</source>
        <translation>修改口令…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/privacy_menu.py" line="120"/>
        <source>Audit log…</source>
        <translation>审计日志…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/privacy_menu.py" line="121"/>
        <source>Residents due for archiving…</source>
        <translation>待归档人员…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/privacy_menu.py" line="122"/>
        <source>Auto-lock after idle…</source>
        <translation>闲置自动锁定…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/privacy_menu.py" line="179"/>
        <source>Auto-lock</source>
        <translation>自动锁定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/privacy_menu.py" line="180"/>
        <source>Lock Doorstep after this many idle minutes (0 = never):</source>
        <translation>闲置多少分钟后锁定 Doorstep（0 = 不自动锁定）：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/privacy_menu.py" line="211"/>
        <source>The two entries differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/privacy_menu.py" line="212"/>
        <source>Use at least %1 characters.</source>
        <translation>口令至少需要 %1 个字符。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/privacy_menu.py" line="213"/>
        <source>This passphrase is too easy to guess: add more words.</source>
        <translation>这个口令太容易被猜到，请再加几个词。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/privacy_menu.py" line="221"/>
        <source>The current passphrase is wrong.</source>
        <translation>当前口令不正确。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/privacy_menu.py" line="227"/>
        <source>Passphrase changed</source>
        <translation>口令已修改</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/privacy_menu.py" line="231"/>
        <source>Re-encrypting…</source>
        <translation>正在重新加密…</translation>
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
        <source>This text is {length} characters long; at most {limit} are allowed.</source>
        <translation>内容长 {length} 个字，超过上限 {limit} 个字。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="63"/>
        <source>Character {position} ({character}) is a control character or part of a broken character and cannot be stored; delete it.</source>
        <translation>第{position}个字符（{character}）是控制字符或残缺的字符，无法保存，请删除。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="63"/>
        <source>The name &apos;{value}&apos; contains digits or Latin letters.</source>
        <translation>姓名“{value}”含有数字或拉丁字母。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="65"/>
        <source>The document number is required.</source>
        <translation>证件号码为必填项。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="66"/>
        <source>The declared sex ({declared}) differs from the ID number ({from_id}).</source>
        <translation>填写的性别（{declared}）与身份证号码（{from_id}）不一致。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="68"/>
        <source>The declared birth date ({declared}) differs from the ID number ({from_id}).</source>
        <translation>填写的出生日期（{declared}）与身份证号码（{from_id}）不一致。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="70"/>
        <source>The birth date {value} is in the future.</source>
        <translation>出生日期 {value} 晚于今天。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="71"/>
        <source>The arrival date {arrival} is before the birth date {birth}.</source>
        <translation>来本地日期 {arrival} 早于出生日期 {birth}。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="73"/>
        <source>The arrival date {value} is in the future.</source>
        <translation>来本地日期 {value} 晚于今天。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="74"/>
        <source>&apos;{value}&apos; is not a code of the {table} table.</source>
        <translation>“{value}”不是{table}代码表中的代码。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="75"/>
        <source>The address part needs a name (e.g. a road, a door number, a building or a room).</source>
        <translation>地址层级须填写名称（如道路、门牌号、楼栋或房间）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="77"/>
        <source>The residence permit number is required.</source>
        <translation>居住证号码为必填项。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="78"/>
        <source>The permit&apos;s issue date is required.</source>
        <translation>居住证签发日期为必填项。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="79"/>
        <source>The issue date {value} is in the future.</source>
        <translation>签发日期 {value} 晚于今天。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="80"/>
        <source>The endorsement on {value} is not after the issue date {issue}.</source>
        <translation>签注日期 {value} 不晚于签发日期 {issue}。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="82"/>
        <source>The endorsement on {value} is before its window opened; it does not count.</source>
        <translation>{value} 的签注早于签注期开始，不计入。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="84"/>
        <source>The landlord&apos;s name is required.</source>
        <translation>出租人姓名为必填项。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="85"/>
        <source>The landlord&apos;s ID number or credit code is missing.</source>
        <translation>缺少出租人身份证号码或统一社会信用代码。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="87"/>
        <source>The value {value} cannot be negative.</source>
        <translation>数值 {value} 不能为负数。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="88"/>
        <source>The lease ends ({end}) before it starts ({start}).</source>
        <translation>租期结束日期（{end}）早于开始日期（{start}）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="90"/>
        <source>The date {value} is in the future.</source>
        <translation>日期 {value} 晚于今天。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="91"/>
        <source>Group rental: {occupants} people live here but the limit is {limit}.</source>
        <translation>群租：实住 {occupants} 人，超过限住人数 {limit} 人。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="93"/>
        <source>{items} safety check(s) failed but the hazard level says none.</source>
        <translation>有 {items} 项安全检查不合格，但隐患程度填写为无隐患。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="95"/>
        <source>&apos;{value}&apos; is not a door-plate code (10 characters, no 0, 1, I, L or O).</source>
        <translation>“{value}”不是门牌码（10 位，不含 0、1、I、L、O）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="97"/>
        <source>The door-plate code &apos;{value}&apos; has a wrong check character; re-scan or re-type it.</source>
        <translation>门牌码“{value}”校验位错误，请重新扫描或输入。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="99"/>
        <source>&apos;{value}&apos; is not a date; type it as YYYY-MM-DD.</source>
        <translation>“{value}”不是日期，请按 YYYY-MM-DD 格式填写。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="100"/>
        <source>&apos;{value}&apos; is not a number.</source>
        <translation>“{value}”不是数字。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="101"/>
        <source>A room-level address has no addresses below it; choose its building or unit.</source>
        <translation>户室级地址下不能再建地址；请选择其楼栋或单元。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="103"/>
        <source>A building has 1 to {max} floors above ground.</source>
        <translation>楼栋地上层数应为 1 至 {max} 层。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="104"/>
        <source>A floor has 1 to {max} rooms (per unit).</source>
        <translation>每层（每单元）户数应为 1 至 {max} 户。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="105"/>
        <source>A building has 0 to {max} units.</source>
        <translation>单元数应为 0 至 {max} 个。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="106"/>
        <source>A building has 0 to {max} basement floors with rooms.</source>
        <translation>有住户的地下层数应为 0 至 {max} 层。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="108"/>
        <source>The building needs at least one room.</source>
        <translation>楼栋至少要有一户。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="109"/>
        <source>Unit &apos;{name}&apos; is listed twice.</source>
        <translation>单元“{name}”重复。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="110"/>
        <source>Room &apos;{name}&apos; is listed twice in unit &apos;{unit}&apos;.</source>
        <translation>单元“{unit}”中室号“{name}”重复。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="111"/>
        <source>&apos;{value}&apos; is not a visit outcome.</source>
        <translation>“{value}”不是走访结果。</translation>
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
    <name>RecordsDialog</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/dashboard.py" line="77"/>
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n 条记录</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Reminders</name>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="33"/>
        <source>Permit endorsement due</source>
        <translation>居住证待签注</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="34"/>
        <source>Permit suspended (not endorsed)</source>
        <translation>居住证未签注（功能中止）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="35"/>
        <source>Lease ending</source>
        <translation>租约到期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="36"/>
        <source>Revisit due</source>
        <translation>待复访</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="37"/>
        <source>Registration overdue</source>
        <translation>居住登记逾期</translation>
    </message>
</context>
<context>
    <name>RemindersWidget</name>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="63"/>
        <source>All grids</source>
        <translation>全部网格</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="69"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="70"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="71"/>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="85"/>
        <location filename="../../desktop/ui/reminders_view.py" line="104"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="87"/>
        <source>Due within</source>
        <translation>到期范围</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="104"/>
        <source>Reminder</source>
        <translation>提醒事项</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="104"/>
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="104"/>
        <source>Days left</source>
        <translation>剩余天数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="104"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="105"/>
        <source>Person / landlord</source>
        <translation>人员/出租人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="105"/>
        <source>Detail</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="127"/>
        <source>Loading reminders…</source>
        <translation>正在加载提醒…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="143"/>
        <source>Nothing due</source>
        <translation>暂无到期事项</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="157"/>
        <location filename="../../desktop/ui/reminders_view.py" line="164"/>
        <source>Reminders</source>
        <translation>提醒</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="160"/>
        <source>Export reminders</source>
        <translation>导出提醒</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="161"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reminders_view.py" line="166"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
</context>
<context>
    <name>RentalDialog</name>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="49"/>
        <source>Rental unit</source>
        <translation>出租房屋</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="58"/>
        <source>Person (ID number)</source>
        <translation>个人（身份证号码）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="59"/>
        <source>Organisation (credit code)</source>
        <translation>单位（统一社会信用代码）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="73"/>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="78"/>
        <source>Not assessed</source>
        <translation>未评估</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="79"/>
        <source>No hazard</source>
        <translation>无隐患</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="79"/>
        <source>General hazard</source>
        <translation>一般隐患</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="80"/>
        <source>Serious hazard</source>
        <translation>重大隐患</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="83"/>
        <source>Fire exit / escape route clear</source>
        <translation>安全通道/消防通道畅通</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="84"/>
        <source>Fire extinguishers present</source>
        <translation>配备灭火器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="85"/>
        <source>Smoke detectors installed</source>
        <translation>安装烟感报警器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="86"/>
        <source>E-bikes charged indoors</source>
        <translation>电动自行车室内充电</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="87"/>
        <source>Living, production and storage in one space (三合一)</source>
        <translation>住人、生产、仓储混合（三合一）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="102"/>
        <source>Landlord type</source>
        <translation>出租人类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="103"/>
        <source>Landlord name</source>
        <translation>出租人姓名/名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="104"/>
        <source>ID number / credit code</source>
        <translation>身份证号码/信用代码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="105"/>
        <source>Landlord phone</source>
        <translation>出租人电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="107"/>
        <source>Use</source>
        <translation>出租用途</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="108"/>
        <source>Area (m²)</source>
        <translation>面积（平方米）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="109"/>
        <source>Rooms let</source>
        <translation>出租间数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="110"/>
        <source>Occupancy limit</source>
        <translation>限住人数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="111"/>
        <source>People living here</source>
        <translation>实住人数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="112"/>
        <source>Lease start</source>
        <translation>租期开始</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="113"/>
        <source>Lease end</source>
        <translation>租期结束</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="114"/>
        <source>Monthly rent (yuan)</source>
        <translation>月租金（元）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="115"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="116"/>
        <source>Safety checks</source>
        <translation>安全检查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="121"/>
        <source>Security pledge (治安责任书) signed</source>
        <translation>治安责任书签订日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="122"/>
        <source>Hazard level</source>
        <translation>隐患程度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="132"/>
        <source>Tenants (registered at its rooms)</source>
        <translation>承租人（在其房间登记居住）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="138"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="139"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="157"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="164"/>
        <source>Rental unit at %1</source>
        <translation>出租房屋：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="237"/>
        <source>⚠ Group rental (群租): %1</source>
        <translation>⚠ %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_dialog.py" line="260"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>RentalRoundView</name>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="59"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="59"/>
        <source>Landlord</source>
        <translation>出租人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="59"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="60"/>
        <source>Reason / items</source>
        <translation>原因 / 整改项</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="64"/>
        <source>Landlord as registered</source>
        <translation>出租人与登记一致</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="65"/>
        <source>Tenants as registered</source>
        <translation>承租人与登记一致</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="66"/>
        <source>Lease as registered</source>
        <translation>租期与登记一致</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="67"/>
        <source>Public-security pledge signed and on file</source>
        <translation>治安责任书已签订并存档</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="71"/>
        <source>Living, production and storage in one space (hazard)</source>
        <translation>三合一（住宿、生产、仓储同处，隐患）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="75"/>
        <location filename="../../desktop/ui/rental_round.py" line="112"/>
        <source>Verified</source>
        <translation>已核验</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="75"/>
        <location filename="../../desktop/ui/rental_round.py" line="112"/>
        <source>Needs fixing</source>
        <translation>需整改</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="76"/>
        <location filename="../../desktop/ui/rental_round.py" line="113"/>
        <source>Hazard found</source>
        <translation>有隐患</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="68"/>
        <source>Fire exit clear</source>
        <translation>安全通道畅通</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="49"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="49"/>
        <source>Community / grid</source>
        <translation>社区 / 网格</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="49"/>
        <source>Checked</source>
        <translation>已核验</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="49"/>
        <source>Units</source>
        <translation>出租房屋</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="49"/>
        <source>Open</source>
        <translation>待整改</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="50"/>
        <source>To re-check</source>
        <translation>待复核</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="68"/>
        <source>Extinguisher present</source>
        <translation>配备灭火器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="69"/>
        <source>Smoke detector fitted</source>
        <translation>安装烟感</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="70"/>
        <source>E-bikes charged indoors (hazard)</source>
        <translation>电动自行车室内充电（隐患）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="80"/>
        <source>items to fix, separated by commas</source>
        <translation>整改项，用逗号分隔</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="82"/>
        <source>Save check</source>
        <translation>保存核验</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="89"/>
        <source>Confirmed</source>
        <translation>已核实</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="90"/>
        <source>Outcome</source>
        <translation>核验结论</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="91"/>
        <source>Items to fix</source>
        <translation>整改项</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="92"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="108"/>
        <source>Progress by community and grid</source>
        <translation>按社区、网格的核验进度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="112"/>
        <source>to check</source>
        <translation>待核验</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="113"/>
        <source>fixed — re-check</source>
        <translation>已整改 — 待复核</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="138"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="138"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/rental_round.py" line="167"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>ResidentDialog</name>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="111"/>
        <source>Register resident</source>
        <extracomment>Problems about fields the form does not show go next to the field that caused them.</extracomment>
        <translation>登记人员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="113"/>
        <source>Address: %1</source>
        <translation>地址：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="124"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="125"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="157"/>
        <source>18 digits, last may be X</source>
        <translation>18位，末位可为X</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="161"/>
        <location filename="../../desktop/ui/resident_form.py" line="169"/>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="164"/>
        <source>Mobile or landline</source>
        <translation>手机或固定电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="168"/>
        <source>18-character code, optional</source>
        <translation>18位代码，可不填</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="172"/>
        <source>New household (this person is the head)</source>
        <translation>新建户（本人为户主）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="179"/>
        <source>ID type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="180"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="181"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="182"/>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="183"/>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="184"/>
        <source>Ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="185"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="186"/>
        <source>Hukou address</source>
        <translation>户籍地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="187"/>
        <source>Education</source>
        <translation>学历</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="188"/>
        <source>Employer</source>
        <translation>服务处所</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="189"/>
        <source>Employer credit code</source>
        <translation>服务处所信用代码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="190"/>
        <source>Arrival date</source>
        <translation>来本地日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="191"/>
        <source>Reason for residence</source>
        <translation>居住事由</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="192"/>
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="193"/>
        <source>Relationship to head</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="365"/>
        <location filename="../../desktop/ui/resident_form.py" line="455"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/resident_form.py" line="442"/>
        <source>Moved to %1</source>
        <translation>迁往 %1</translation>
    </message>
</context>
<context>
    <name>ResidentsModel</name>
    <message>
        <location filename="../../desktop/ui/residents_view.py" line="64"/>
        <source>Name</source>
        <extracomment>Columns shown masked unless the record was revealed (issue 7; docs/security.md).</extracomment>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/residents_view.py" line="64"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/residents_view.py" line="64"/>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/residents_view.py" line="64"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/residents_view.py" line="65"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
</context>
<context>
    <name>ResidentsWidget</name>
    <message>
        <location filename="../../desktop/ui/residents_view.py" line="213"/>
        <source>Search: ID number, name, pinyin initials or the last digits of a phone</source>
        <translation>搜索：证件号码、姓名、拼音首字母或手机尾号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/residents_view.py" line="224"/>
        <source>Show full ID number and phone (logged)</source>
        <translation>显示完整号码（记入审计日志）</translation>
    </message>
</context>
<context>
    <name>RetentionDialog</name>
    <message>
        <location filename="../../desktop/ui/retention_dialog.py" line="35"/>
        <source>Residents due for archiving</source>
        <translation>待归档人员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/retention_dialog.py" line="37"/>
        <source>People who moved out more than %1 year(s) ago and live nowhere in this district. Archiving removes their name, ID number, phone, hukou address and employer on every device; sex, birth year, ethnicity, hukou region, dates and addresses stay for the statistics. It cannot be undone.</source>
        <translation>迁出已超过 %1 年、且在本区已无居住登记的人员。归档会在所有设备上删除其姓名、身份证号码、电话、户籍地址和工作单位；性别、出生年份、民族、户籍地区划、日期和地址保留用于统计。归档不能撤销。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/retention_dialog.py" line="44"/>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/retention_dialog.py" line="44"/>
        <source>Moved out</source>
        <translation>迁出日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/retention_dialog.py" line="45"/>
        <source>Registrations</source>
        <translation>登记次数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/retention_dialog.py" line="51"/>
        <source>Archive selected</source>
        <translation>归档所选</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/retention_dialog.py" line="53"/>
        <source>Archive all listed</source>
        <translation>全部归档</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/retention_dialog.py" line="82"/>
        <source>%n resident(s) due</source>
        <translation>
            <numerusform>%n 人待归档</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/retention_dialog.py" line="95"/>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/retention_dialog.py" line="96"/>
        <source>Remove the personal fields of %n resident(s)? This cannot be undone.</source>
        <translation>
            <numerusform>删除 %n 人的个人信息？此操作不能撤销。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/retention_dialog.py" line="110"/>
        <source>Archiving…</source>
        <translation>正在归档…</translation>
    </message>
</context>
<context>
    <name>SamplingDialog</name>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="40"/>
        <source>Draw a verification sample</source>
        <translation>抽取核查样本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="66"/>
        <source>police assistants&apos; user names, separated by commas</source>
        <translation>协管员用户名，用逗号分隔</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="69"/>
        <source>Target margin (±)</source>
        <translation>目标误差限（±）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="70"/>
        <source>Expected rate</source>
        <translation>预期比率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="71"/>
        <source>Design effect</source>
        <translation>设计效应</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="72"/>
        <source>Random seed (kept with the sample)</source>
        <translation>随机种子（随样本保存）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="73"/>
        <source>Verifiers</source>
        <translation>核查人</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="74"/>
        <source>Sample name</source>
        <translation>样本名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="76"/>
        <source>Propose sample size</source>
        <translation>计算建议样本量</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="81"/>
        <source>Stratum (community · housing)</source>
        <translation>层（社区 · 房屋类型）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="81"/>
        <source>Addresses</source>
        <translation>地址数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="82"/>
        <source>To sample</source>
        <translation>抽取数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="90"/>
        <source>Draw and assign</source>
        <translation>抽样并分派</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="110"/>
        <source>Rental</source>
        <translation>出租房</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="110"/>
        <source>Group rental</source>
        <translation>群租房</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="111"/>
        <source>Ordinary</source>
        <translation>普通住房</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="111"/>
        <source>Dormitory</source>
        <translation>单位宿舍</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="123"/>
        <source>Reading the sampling frame…</source>
        <translation>正在读取抽样框…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="162"/>
        <source>Addresses to sample: %1</source>
        <translation>抽取地址数：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="170"/>
        <source>Name at least one police assistant to verify.</source>
        <translation>请至少填写一名协管员。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="182"/>
        <source>Drawing the sample…</source>
        <translation>正在抽样…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="191"/>
        <source>Drew %1 addresses with seed %2.</source>
        <translation>已用随机种子 %2 抽取 %1 个地址。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sampling_dialog.py" line="195"/>
        <source>%1 addresses have no eligible verifier (each verifier registered someone there).</source>
        <translation>%1 个地址没有可分派的核查人（各核查人都在该处登记过人员）。</translation>
    </message>
</context>
<context>
    <name>SettingsMenu</name>
    <message>
        <location filename="../../desktop/ui/settings_menu.py" line="32"/>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_menu.py" line="34"/>
        <location filename="../../desktop/ui/settings_menu.py" line="70"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_menu.py" line="44"/>
        <source>Theme</source>
        <translation>外观</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_menu.py" line="47"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_menu.py" line="47"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_menu.py" line="71"/>
        <source>The language changes the next time Doorstep starts.</source>
        <translation>下次启动 Doorstep 时切换语言。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="67"/>
        <source>Sign in to the central server</source>
        <translation>登录中心服务器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="74"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="75"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../desktop/ui/startup.py" line="40"/>
        <source>Doorstep is already open</source>
        <translation>Doorstep 已经打开</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/startup.py" line="41"/>
        <source>Doorstep is already open on this profile.</source>
        <translation>Doorstep 已在此配置上打开。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/startup.py" line="43"/>
        <source>Switch to the open Doorstep window (look in the taskbar). If no Doorstep window is open, wait a minute and start Doorstep again; if this message still appears, restart the computer.

Profile: %1</source>
        <translation>请切换到已经打开的 Doorstep 窗口（在任务栏中查找）。如果没有打开的 Doorstep 窗口，请等一分钟后再启动 Doorstep；如果仍然出现此提示，请重新启动电脑。

配置文件夹：%1</translation>
    </message>
</context>
<context>
    <name>SurveyActions</name>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="52"/>
        <location filename="../../desktop/ui/survey_actions.py" line="58"/>
        <source>Survey tasks</source>
        <extracomment>Levels below which a whole building may be listed.</extracomment>
        <translation>走访任务</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="56"/>
        <location filename="../../desktop/ui/survey_actions.py" line="121"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="57"/>
        <source>Undo your last edit</source>
        <translation>撤销最近一次修改</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="59"/>
        <source>Show the grid&apos;s rooms and their visit status</source>
        <translation>显示网格内各户及其走访状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="60"/>
        <source>New building…</source>
        <translation>新建楼栋…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="61"/>
        <source>List a whole building: units, floors and rooms at once</source>
        <translation>一次建好整栋楼：单元、楼层和各户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="63"/>
        <source>Copy unit to the next</source>
        <translation>复制单元到下一单元</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="64"/>
        <source>Copy the selected unit&apos;s floors and rooms to a new unit</source>
        <translation>把所选单元的楼层和各户复制为新单元</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="66"/>
        <source>Rename address…</source>
        <translation>地址改名…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="67"/>
        <source>Rename the selected address; the addresses below follow</source>
        <translation>修改所选地址名称，下级地址随之更新</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="69"/>
        <source>Close address…</source>
        <translation>停用地址…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="70"/>
        <source>Close the selected address and everything below it (kept, never deleted)</source>
        <translation>停用所选地址及其全部下级（保留记录，不删除）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="73"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="75"/>
        <source>A&amp;ddresses</source>
        <translation>地址(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="78"/>
        <source>Sur&amp;vey</source>
        <translation>走访(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="122"/>
        <source>Undo %1 %2</source>
        <translation>撤销 %1 %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="166"/>
        <source>Undone: %1</source>
        <translation>已撤销：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="215"/>
        <location filename="../../desktop/ui/survey_actions.py" line="256"/>
        <location filename="../../desktop/ui/survey_actions.py" line="281"/>
        <location filename="../../desktop/ui/survey_actions.py" line="301"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/survey_actions.py" line="228"/>
        <source>Building listed: %n room(s)</source>
        <translation>
            <numerusform>楼栋已建好：%n 户</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="251"/>
        <source>Copied to %1: %2 rooms</source>
        <translation>已复制为%1：%2 户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="264"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="265"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="283"/>
        <source>Rename address</source>
        <translation>地址改名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="283"/>
        <source>New name of %1:</source>
        <translation>%1 的新名称：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="297"/>
        <source>&apos;%1&apos; is not a date (YYYY-MM-DD)</source>
        <translation>“%1”不是日期（YYYY-MM-DD）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="303"/>
        <source>Close address</source>
        <translation>停用地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/survey_actions.py" line="304"/>
        <source>Close %1 and everything below it from (YYYY-MM-DD):</source>
        <translation>停用 %1 及其全部下级，停用日期（YYYY-MM-DD）：</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="57"/>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="58"/>
        <source>kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="169"/>
        <location filename="../../desktop/ui/sync_panel.py" line="267"/>
        <source>Never synced</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="173"/>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="181"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="183"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="186"/>
        <source>Sign in…</source>
        <translation>登录…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="195"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="195"/>
        <source>Sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="195"/>
        <source>Applied</source>
        <translation>已应用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="195"/>
        <source>Duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="195"/>
        <source>Conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="196"/>
        <source>Rejected</source>
        <translation>拒收</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="196"/>
        <source>Received</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="196"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="199"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="199"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="199"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="200"/>
        <source>Saved at</source>
        <translation>保存时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="201"/>
        <source>Send again</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="206"/>
        <source>Resolve…</source>
        <translation>处理…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="214"/>
        <source>Journal</source>
        <translation>同步日志</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="219"/>
        <source>Needs attention</source>
        <translation>需处理</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="224"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/sync_panel.py" line="264"/>
        <source>Waiting to send: %n record(s)</source>
        <translation>
            <numerusform>待发送：%n</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="266"/>
        <source>Last successful sync: %1</source>
        <translation>上次成功同步：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="269"/>
        <source>Signed in: %1</source>
        <translation>已登录：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="269"/>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="272"/>
        <source>OK</source>
        <translation>成功</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="272"/>
        <source>Running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="284"/>
        <source>Needs attention (%1)</source>
        <translation>需处理 (%1)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="296"/>
        <source>Conflicts (%1)</source>
        <translation>冲突 (%1)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="298"/>
        <source>Only a supervisor resolves conflicts</source>
        <translation>只有主管可以处理冲突</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="314"/>
        <source>Connecting to the central server…</source>
        <translation>正在连接中心服务器…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="341"/>
        <source>Sync failed</source>
        <translation>同步失败</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="345"/>
        <source>Trying again in %1 s.</source>
        <translation>%1 秒后自动重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="348"/>
        <source>Sync stopped</source>
        <translation>同步已停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="352"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="386"/>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="435"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="315"/>
        <source>Done (%1 rejected)</source>
        <translation>完成（拒收 %1 条）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_panel.py" line="322"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>SyncReasons</name>
    <message>
        <location filename="../../desktop/ui/errors.py" line="229"/>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="230"/>
        <source>Address</source>
        <translation>标准地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="231"/>
        <source>Rental unit</source>
        <translation>出租房屋</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="232"/>
        <source>Household</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="233"/>
        <source>Resident</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="234"/>
        <source>Residence registration</source>
        <translation>居住登记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="235"/>
        <source>Residence permit</source>
        <translation>居住证</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="236"/>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="237"/>
        <source>Verification sample</source>
        <translation>核验样本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="238"/>
        <source>Verification assignment</source>
        <translation>核验任务</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="239"/>
        <source>Verification result</source>
        <translation>核验结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="240"/>
        <source>Rental housing check</source>
        <translation>出租房屋检查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="241"/>
        <source>Audit record</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="246"/>
        <source>address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="247"/>
        <source>person</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="248"/>
        <source>household</source>
        <translation>户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="249"/>
        <source>head of household</source>
        <translation>户主</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="250"/>
        <source>parent address</source>
        <translation>上级地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="251"/>
        <source>grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="252"/>
        <source>area</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="253"/>
        <source>verification sample</source>
        <translation>核验样本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="254"/>
        <source>rental unit</source>
        <translation>出租房屋</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="255"/>
        <source>residence registration</source>
        <translation>居住登记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="256"/>
        <source>name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="257"/>
        <source>document type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="258"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="259"/>
        <source>sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="260"/>
        <source>birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="261"/>
        <source>ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="262"/>
        <source>phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="263"/>
        <source>hukou address</source>
        <translation>户籍地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="264"/>
        <source>education</source>
        <translation>文化程度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="265"/>
        <source>employer</source>
        <translation>服务处所</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="266"/>
        <source>arrival date</source>
        <translation>来本地日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="267"/>
        <source>relationship</source>
        <translation>与户主关系</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="268"/>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="269"/>
        <source>issue date</source>
        <translation>签发日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="270"/>
        <source>permit number</source>
        <translation>居住证号码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="271"/>
        <source>level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="272"/>
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="273"/>
        <source>moved out</source>
        <translation>迁出日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="274"/>
        <source>outcome</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="279"/>
        <source>The {field} it refers to is not on the central server (not sent yet, or deleted). Sync that {field} first or choose another one, then send again.</source>
        <translation>中心服务器上没有它所指的{field}（尚未发送或已被删除）。请先同步该{field}或另选一个，然后重新发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="282"/>
        <source>The {field} is missing. Fill it in, then send again.</source>
        <translation>缺少{field}。请填写后重新发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="283"/>
        <source>The {field} cannot be empty. Fill it in, then send again.</source>
        <translation>{field}不能为空。请填写后重新发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="284"/>
        <source>The central server does not know the field {field}: this app and the server are different versions. Tell your supervisor.</source>
        <translation>中心服务器不认识字段“{field}”：本软件与服务器的版本不一致。请告知主管。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="287"/>
        <source>The value of {field} has the wrong form. Correct it, then send again.</source>
        <translation>{field}的格式不正确。请改正后重新发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="289"/>
        <source>The {field} contains a control character or a broken character. Delete it, then send again.</source>
        <translation>{field}中含有控制字符或残缺字符。请删除后重新发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="292"/>
        <source>A text contains a control character or a broken character. Delete it, then send again.</source>
        <translation>有文字中含有控制字符或残缺字符。请删除后重新发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="294"/>
        <source>This record is outside your area, or your role may not change it. Ask your supervisor.</source>
        <translation>该记录不在您的辖区内，或您的角色无权修改它。请联系主管。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="296"/>
        <source>On the central server this record is a {field}, not this kind of record. Tell your supervisor.</source>
        <translation>该记录在中心服务器上是“{field}”，与发送的记录类型不符。请告知主管。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="299"/>
        <source>The record is not on the central server (it may have been deleted). Tell your supervisor.</source>
        <translation>中心服务器上没有该记录（可能已被删除）。请告知主管。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="302"/>
        <source>An audit record cannot be changed once it is on the central server. Tell your supervisor.</source>
        <translation>审计记录上传到中心服务器后不能修改。请告知主管。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="304"/>
        <source>Only a supervisor can resolve a conflict. Ask your supervisor to resolve it.</source>
        <translation>只有主管才能处理冲突。请由主管处理。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="306"/>
        <source>The central server does not know this kind of record: this app and the server are different versions. Tell your supervisor.</source>
        <translation>中心服务器不认识这类记录：本软件与服务器的版本不一致。请告知主管。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="309"/>
        <source>The document type is not valid. Correct it, then send again.</source>
        <translation>证件类型无效。请改正后重新发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="310"/>
        <source>The reason for living here is not valid. Correct it, then send again.</source>
        <translation>来本地事由无效。请改正后重新发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="312"/>
        <source>The birth date is not a date. Correct it, then send again.</source>
        <translation>出生日期不是有效日期。请改正后重新发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="314"/>
        <source>The arrival date is not a date. Correct it, then send again.</source>
        <translation>来本地日期不是有效日期。请改正后重新发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="316"/>
        <source>Correct the record, then send again.</source>
        <translation>请改正该记录，然后重新发送。</translation>
    </message>
</context>
<context>
    <name>TaskListWidget</name>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="301"/>
        <source>&amp;Grid:</source>
        <translation>网格(&amp;G)：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="309"/>
        <source>&amp;All</source>
        <translation>全部(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="309"/>
        <source>Every open room (Alt+A)</source>
        <translation>全部在用户室 (Alt+A)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="310"/>
        <source>&amp;Unvisited</source>
        <translation>未走访(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="310"/>
        <source>Rooms nobody has visited yet (Alt+U)</source>
        <translation>尚未走访的户室 (Alt+U)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="311"/>
        <source>&amp;Revisits due</source>
        <translation>到期复访(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="312"/>
        <source>Nobody home / revisit needed, due today or overdue (Alt+R)</source>
        <translation>无人在家/需复访，今天到期或已逾期 (Alt+R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="324"/>
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="327"/>
        <source>&amp;Status:</source>
        <translation>状态(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="359"/>
        <source>Record outcome:</source>
        <translation>记录走访结果：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="364"/>
        <source>Press %1 in the list, or Alt+%1 anywhere in this tab</source>
        <translation>在列表中按 %1，或在本页任意位置按 Alt+%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="375"/>
        <source>Note for the next outcome (optional)</source>
        <translation>下一条走访结果的备注（可不填）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="376"/>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="381"/>
        <source>Keys: ↑/↓ choose a room · 1–5 record the outcome and go to the next room · Enter open the room&apos;s households · F5 reload · Ctrl+Z undo</source>
        <translation>按键：↑/↓ 选择户室 · 1–5 记录结果并跳到下一户 · Enter 打开该户住户 · F5 刷新 · Ctrl+Z 撤销</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="487"/>
        <source>%1 rooms listed</source>
        <translation>列出 %1 户</translation>
    </message>
</context>
<context>
    <name>TaskModel</name>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="99"/>
        <source>Room</source>
        <extracomment>The outcome keys, in key order: 1 已登记, 2 无人在家, 3 空置, 4 拒访, 5 需复访.</extracomment>
        <translation>户室</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="99"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="99"/>
        <source>Last visit</source>
        <translation>最近走访</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="99"/>
        <source>Revisit due</source>
        <translation>复访日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="100"/>
        <source>Officer</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="100"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/task_list.py" line="168"/>
        <source>%1 (due)</source>
        <translation>%1（到期）</translation>
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
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../desktop/ui/lock.py" line="199"/>
        <source>Unlock Doorstep</source>
        <translation>解锁 Doorstep</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="200"/>
        <source>Enter the passphrase of this profile</source>
        <translation>请输入本机数据的口令</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="203"/>
        <source>Profile: %1</source>
        <translation>数据目录：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="211"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lock.py" line="214"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>VerificationActions</name>
    <message>
        <location filename="../../desktop/ui/verification_actions.py" line="42"/>
        <location filename="../../desktop/ui/verification_actions.py" line="76"/>
        <location filename="../../desktop/ui/verification_actions.py" line="157"/>
        <source>Verification</source>
        <translation>核查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verification_actions.py" line="46"/>
        <source>Draw a verification sample…</source>
        <translation>抽取核查样本…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verification_actions.py" line="47"/>
        <source>Verify sampled addresses</source>
        <translation>核查抽中地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verification_actions.py" line="48"/>
        <location filename="../../desktop/ui/verification_actions.py" line="84"/>
        <source>Rental verification round</source>
        <translation>出租房屋核验</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verification_actions.py" line="49"/>
        <source>Dashboard and report</source>
        <translation>指标看板与报告</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verification_actions.py" line="95"/>
        <source>Dashboard</source>
        <translation>指标看板</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verification_actions.py" line="150"/>
        <source>Report saved: %1</source>
        <translation>报告已保存：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verification_actions.py" line="153"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
</context>
<context>
    <name>VerifyView</name>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="59"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="64"/>
        <source>My sampled addresses</source>
        <translation>我的核查地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="77"/>
        <source>Choose a sampled address.</source>
        <translation>请选择一个抽中地址。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="96"/>
        <source>Step 1 of 2 — record who really lives here and which rooms are let. The registrations are shown only after you save this.</source>
        <translation>第 1 步（共 2 步）— 登记实际居住的每个人以及哪些房间在出租。保存后才显示登记记录。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="102"/>
        <location filename="../../desktop/ui/verify_view.py" line="107"/>
        <source>Room</source>
        <translation>房间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="102"/>
        <source>Let (rented out)</source>
        <translation>在出租</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="107"/>
        <location filename="../../desktop/ui/verify_view.py" line="135"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="107"/>
        <source>ID number (typed or scanned)</source>
        <translation>公民身份号码（输入或扫描）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="107"/>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="108"/>
        <source>Exempt stay</source>
        <translation>免于登记的居留</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="115"/>
        <source>Add a person found</source>
        <translation>添加发现人员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="118"/>
        <source>Save what I found and show the registrations</source>
        <translation>保存实地情况并显示登记记录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="127"/>
        <source>Rooms</source>
        <translation>房间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="129"/>
        <source>People living here</source>
        <translation>实际居住人员</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="135"/>
        <location filename="../../desktop/ui/verify_view.py" line="309"/>
        <source>ID number</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="135"/>
        <source>Address (room)</source>
        <translation>居住地址（到室）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="136"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="136"/>
        <source>Employer</source>
        <translation>服务处所</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="137"/>
        <source>Living here</source>
        <translation>在住状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="141"/>
        <source>Step 2 of 2 — each matched registration: untick a wrong field and type the true value.</source>
        <translation>第 2 步（共 2 步）— 对每条匹配的登记：取消勾选错误的项目并填写真实值。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="147"/>
        <source>Found</source>
        <translation>实地发现</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="147"/>
        <source>Matched by</source>
        <translation>匹配方式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="159"/>
        <source>Finish this address</source>
        <translation>完成该地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="176"/>
        <source>to visit</source>
        <translation>待核查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="176"/>
        <source>found recorded</source>
        <translation>已登记实地情况</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="176"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="177"/>
        <source>unassigned</source>
        <translation>未分派</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="289"/>
        <location filename="../../desktop/ui/verify_view.py" line="364"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="309"/>
        <source>Name + birth date</source>
        <translation>姓名 + 出生日期</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="314"/>
        <source>living here</source>
        <translation>在住</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="324"/>
        <source>Omissions (found, not registered): %1</source>
        <translation>漏登（实有未登记）：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_view.py" line="327"/>
        <source>Stale (registered, not living here): %1</source>
        <translation>未注销（已登记但不在住）：%1</translation>
    </message>
</context>
<context>
    <name>_RunPage</name>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="375"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="381"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="381"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="381"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="381"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="400"/>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="429"/>
        <source>Checking every row…</source>
        <translation>正在逐行检查…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="445"/>
        <source> (%1 s)</source>
        <translation>（用时 %1 秒）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="466"/>
        <source>First %1 of %2 rows shown; the result workbook lists all.</source>
        <translation>仅显示前 %1 行（共 %2 行）；结果工作簿列出全部。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="470"/>
        <source>%1 data rows checked.</source>
        <translation>已检查 %1 行数据。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="474"/>
        <source>The check was cancelled; go back and start it again.</source>
        <translation>检查已取消；请返回上一步重新开始。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="475"/>
        <source>Dry run finished: nothing was written. Press Import to store the accepted rows.</source>
        <translation>试导入完成：未写入任何数据。点击“导入”保存可接受的行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_wizard.py" line="507"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
</TS>
