"""Chinese texts of problem keys for output made without Qt (CLI, JSON, result workbooks).

The Qt UI translates problem keys through Qt Linguist (``desktop/ui/errors.py`` +
``resources/i18n/app_zh_CN.ts``).  Services may not import Qt, yet the importer's CLI, its JSON
and the result workbook must give the office its reasons in Chinese.  So:

* the importer's own keys (``import.*``, ``ledger.*``) have their Chinese template here, in
  :data:`IMPORT_MESSAGES_ZH` (they are shown only through this module: the wizard uses these
  texts too, so there is one wording);
* every domain key (:data:`desktop.domain.problems.MESSAGE_KEYS`) takes the translation the
  translators already made in the .ts catalogue, looked up by its English source text — no
  second copy of that wording to drift.  ``tests/services/test_messages_zh.py`` checks that every
  key has a Chinese template with the same ``{placeholders}``.

Code-valued params are shown by their Chinese name (sex 1 → 男, table ``ethnicity`` → 民族).
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from desktop.domain.codes import load_code_tables
from desktop.domain.problems import MESSAGE_KEYS
from desktop.paths import resource_dir

#: Chinese templates of the importer's own keys (English reference: ``IMPORT_MESSAGE_KEYS``).
IMPORT_MESSAGES_ZH: dict[str, str] = {
    "import.address_required": "居住地址为必填项。",
    "import.address_unparsed": "居住地址“{value}”中的“{rest}”不是路名、门牌、楼幢、单元、楼层或房间号，"
    "已整体存为一个地址节点。",
    "import.date_unrecognized": "“{value}”不是可识别的日期写法（2023-05-01、2023/5/1、2023.5.1、20230501、"
    "2023年5月1日或Excel日期），未保存。",
    "import.date_invalid": "“{value}”不是真实存在的日期，未保存。",
    "import.value_to_note": "“{value}”不是本列的有效值，未存入该字段，原文已记入人员备注。",
    "import.landlord_value_dropped": "“{value}”无效，房东的该项信息留空。",
    "import.code_unknown": "“{value}”不是{table}代码表中的值，原文已记入备注。",
    "import.id_type_unknown": "“{value}”不是可识别的证件类型。",
    "import.text_too_long_dropped": "内容长 {length} 个字（上限 {limit} 个字），未存入该字段。",
    "import.id_stored_as_number": "身份证号码{value}是以数字而非文本保存的；18位数字和校验码完整，已采用。"
    "请把该列设为文本格式：Excel 本身只保留数字的前15位。",
    "import.duplicate_in_file": "同一身份证号码已在第{first_row}行导入，本行未保存。两行不同的列：{columns}。",
    "import.lives_elsewhere": "此人已登记居住在{address}，未按本表迁入新地址。",
    "import.moved": "此人原登记居住在{from_address}，已按本表迁入新地址：原居住登记标记为已离开（{date}），保留历史。",
    "import.landlord_differs": "该出租房屋已登记房东{stored}，本表中的{given}未采用。",
    "import.town_unknown": "“{value}”不是鄞州区的镇（街道），本行归入“未分配”。",
    "import.room_repeated": "房间{address}已在第{first_row}行出现且不相邻，本行未并入该户。",
    "import.store_error": "本行无法保存：{error}。",
    "import.cancelled": "导入已取消，整个导入已回滚：本行未导入（数据与导入前相同）。",
    "import.rolled_back": "导入因保存错误中止，整个导入已回滚：本行未导入。",
    "import.duplicate_in_file.rolled_back": "同一身份证号码也在第{first_row}行，本行是重复行，不会保存。"
    "两行不同的列：{columns}。整个导入已回滚，没有保存任何数据。",
    "import.value_to_note.rolled_back": "“{value}”不是本列的有效值，本应记入人员备注。"
    "整个导入已回滚，没有保存任何数据。",
    "import.code_unknown.rolled_back": "“{value}”不是{table}代码表中的值，本应记入备注。"
    "整个导入已回滚，没有保存任何数据。",
    "import.address_unparsed.rolled_back": "居住地址“{value}”中的“{rest}”不是路名、门牌、楼幢、单元、楼层或房间号，"
    "本应整体存为一个地址节点。整个导入已回滚，没有保存任何数据。",
    "import.id_stored_as_number.rolled_back": "身份证号码{value}是以数字而非文本保存的；18位数字和校验码完整。"
    "请把该列设为文本格式：Excel 本身只保留数字的前15位。整个导入已回滚，没有保存任何数据。",
    "import.moved.rolled_back": "此人登记居住在{from_address}，未迁入本表的新地址：整个导入已回滚，没有保存任何数据。",
    "import.town_unknown.rolled_back": "“{value}”不是鄞州区的镇（街道），本行本应归入“未分配”。"
    "整个导入已回滚，没有保存任何数据。",
    "ledger.file_type": "不支持的文件类型“{suffix}”：请另存为 .xlsx 或 .csv 后再导入。",
    "ledger.unreadable": "无法读取该文件：{error}",
    "ledger.empty": "文件是空的（0 字节）：请检查是否选对了文件。",
    "ledger.not_xlsx": "该文件不是有效的 .xlsx 工作簿（可能已损坏，或是改了扩展名的其他文件）："
    "请用 Excel 打开后另存为 .xlsx 再导入。",
    "ledger.encoding": "CSV 文件既不是 UTF-8 也不是 GBK/GB18030 编码。",
    "ledger.no_header": "找不到表头行：前{rows}行中没有一行含有至少3个可识别的列名（姓名、公民身份号码、居住地址……）。",
    "ledger.missing_columns": "缺少必需的列：{missing}。",
}

#: Chinese names of verdict statuses (result workbook, CLI text).
STATUS_ZH: dict[str, str] = {
    "created": "新建",
    "created_with_warnings": "新建（有提示）",
    "updated": "更新",
    "unchanged": "无变化",
    "duplicate": "重复（未保存）",
    "rejected": "拒绝",
    "not_imported": "未导入（已回滚）",
    "skipped": "跳过",
}

#: Chinese reasons of the rows that are not data rows (``ImportReport.skipped``).
SKIP_REASON_ZH: dict[str, str] = {
    "blank": "空行",
    "repeated_header": "重复的表头行",
    "footer": "合计、落款或说明行（不是人员信息）",
}

#: Chinese names of code tables and record fields used as message params.
TABLE_ZH: dict[str, str] = {
    "sex": "性别",
    "ethnicity": "民族",
    "education": "文化程度",
    "marital_status": "婚姻状况",
    "political_status": "政治面貌",
    "relationship": "与户主关系",
    "town": "镇（街道）",
    "reason": "居住事由",
}


@functools.cache
def _catalogue() -> dict[str, str]:
    """English source → Chinese translation of the "Problems" context of the .ts catalogue."""
    path = resource_dir() / "i18n" / "app_zh_CN.ts"
    out: dict[str, str] = {}
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return out
    for context in root.iter("context"):
        if context.findtext("name") != "Problems":
            continue
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            if translation.text:
                out[source] = translation.text
    return out


def template_zh(key: str) -> str | None:
    """Return the Chinese template of ``key`` (None when there is none)."""
    own = IMPORT_MESSAGES_ZH.get(key)
    if own is not None:
        return own
    english = MESSAGE_KEYS.get(key)
    if english is None:
        return None
    return _catalogue().get(english)


def _param_zh(key: str, name: str, value: str | int) -> str:
    text = str(value)
    if key == "resident.sex_mismatch" and name in ("declared", "from_id"):
        return load_code_tables().sex.name_of(text) or text
    if name == "table":
        return TABLE_ZH.get(text, text)
    return text


def message_zh(key: str, params: Mapping[str, str | int], english: str = "") -> str:
    """Return the Chinese message of ``key`` with ``params`` filled in.

    Falls back to ``english`` (or the key) when no Chinese template exists; a missing param
    leaves its placeholder visible, never raises.
    """
    template = template_zh(key)
    if template is None:
        return english or key
    out = template
    for name, value in params.items():
        out = out.replace("{" + name + "}", _param_zh(key, name, value))
    return out
