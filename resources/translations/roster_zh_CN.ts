<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>RosterPage</name>
    <message>
      <location filename="../../ui/views/roster_page.py" line="305" />
      <source>Row</source>
      <translation>行号</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="306" />
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="307" />
      <source>Field</source>
      <translation>字段</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="308" />
      <source>Value</source>
      <translation>填写的内容</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="309" />
      <source>Problem</source>
      <translation>问题</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="354" />
      <source>Choose a roster file</source>
      <translation>选择花名册文件</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="356" />
      <source>Roster files (*.xlsx *.xls *.csv);;All files (*)</source>
      <translation>花名册文件 (*.xlsx *.xls *.csv);;所有文件 (*)</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="398" />
      <source>Reading the file…</source>
      <translation>正在读取文件…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="419" />
      <source>File:</source>
      <translation>文件：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="424" />
      <source>Sheet:</source>
      <translation>工作表：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="424" />
      <source>Encoding:</source>
      <translation>编码：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="425" />
      <source>Header row:</source>
      <translation>表头所在行：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="426" />
      <source>Columns:</source>
      <translation>各列：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="427" />
      <source>Data rows:</source>
      <translation>数据行数：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="436" />
      <source>Reading…</source>
      <translation>正在读取…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="467" />
      <source>(not imported)</source>
      <translation>（不导入）</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="488" />
      <source>Required: %1.</source>
      <translation>必须对应：%1。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="491" />
      <source>Map a household number or a room column.</source>
      <translation>请对应户号列或房号列。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="494" />
      <source>Mapped twice: %1.</source>
      <translation>重复对应：%1。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="509" />
      <source>Save rejected rows as</source>
      <translation>错误行保存为</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="511" />
      <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
      <translation>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="531" />
      <source>Checking…</source>
      <translation>正在检查…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="537" />
      <source>Checking %1 rows…</source>
      <translation>正在检查 %1 行…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="553" />
      <source>Check cancelled; nothing was imported.</source>
      <translation>检查已取消，未导入任何数据。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="583" />
      <source>Importing…</source>
      <translation>正在导入…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="607" />
      <source>Import cancelled; nothing was imported.</source>
      <translation>导入已取消，未导入任何数据。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="620" />
      <source>Press Back, then Check again.</source>
      <translation>请点“上一步”，再重新检查。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="626" />
      <source>Imported: %1 people and %2 households added, %3 people updated, %4 skipped, %5 rows rejected.</source>
      <translation>导入完成：新增 %1 人、%2 户，更新 %3 人，跳过 %4 人，拒绝 %5 行。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="637" />
      <source>The rejected rows are in:</source>
      <translation>错误行已保存到：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="647" />
      <source>Save the report as</source>
      <translation>检查报告保存为</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="669" />
      <source>Report saved.</source>
      <translation>报告已保存。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="691" />
      <source>Export the roster</source>
      <translation>导出花名册</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="693" />
      <source>Excel workbook (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="714" />
      <source>Exporting the roster…</source>
      <translation>正在导出花名册…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="735" />
      <source>Exporting…</source>
      <translation>正在导出…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="736" />
      <source>Exported %1 people:</source>
      <translation>已导出 %1 人：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="737" />
      <source>Export cancelled; no file was written:</source>
      <translation>导出已取消，未生成文件：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="760" />
      <source>1. Choose a file</source>
      <translation>1. 选择文件</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="761" />
      <source>2. Map columns</source>
      <translation>2. 对应各列</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="762" />
      <source>3. Check and import</source>
      <translation>3. 检查并导入</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="776" />
      <source>%1 data rows checked.</source>
      <translation>已检查 %1 行数据。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="777" />
      <source>To add: %1</source>
      <translation>新增：%1</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="778" />
      <source>To update: %1</source>
      <translation>更新：%1</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="779" />
      <source>To skip (already here): %1</source>
      <translation>跳过（已有）：%1</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="780" />
      <source>With errors: %1</source>
      <translation>有错误：%1</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="784" />
      <source>New households: %1</source>
      <translation>新户：%1</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="793" />
      <source>Rows with errors (fix them in the file, or import the valid rows only):</source>
      <translation>有错误的行（请在文件中改正，或只导入正确的行）：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="795" />
      <source>No row has an error.</source>
      <translation>没有发现错误。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="800" />
      <source>Nothing can be imported until the columns are mapped. Press Back.</source>
      <translation>各列对应好之前无法导入，请点“上一步”。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="804" />
      <source>All or nothing: with rows in error nothing will be imported. Fix the file, or press Back and choose “valid rows only”.</source>
      <translation>全部正确才导入：有错误行时不会导入任何数据。请改正文件，或点“上一步”选择“只导入正确的行”。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="811" />
      <source>There is nothing new to import.</source>
      <translation>没有需要导入的新数据。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="813" />
      <source>Import will add or update %1 people.</source>
      <translation>导入将新增或更新 %1 人。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="817" />
      <source>The %1 rows with errors are left out and saved to the rejected-rows file.</source>
      <translation>%1 行有错误的数据不导入，另存到错误行文件。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="850" />
      <source>Export roster to Excel…</source>
      <translation>导出花名册到 Excel…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="852" />
      <source>Every household and person of this community, to an .xlsx file</source>
      <translation>本社区全部住户和人员，导出为 .xlsx 文件</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="854" />
      <source>Roster file</source>
      <translation>花名册文件</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="856" />
      <source>Drop a roster file here (.xlsx, .xls or .csv), or choose one.</source>
      <translation>把花名册文件（.xlsx、.xls 或 .csv）拖到这里，或点下面的按钮选择。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="858" />
      <source>Choose file…</source>
      <translation>选择文件…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="859" />
      <source>What was read</source>
      <translation>读取结果</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="860" />
      <source>Next: map columns</source>
      <translation>下一步：对应各列</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="862" />
      <source>Check which field each column of the file goes into. Columns set to “(not imported)” are left out. Name and ID number are required.</source>
      <translation>请核对文件中每一列对应的字段。设为“（不导入）”的列不会导入。姓名和身份证号码必须对应。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="868" />
      <source>Column in the file</source>
      <translation>文件中的列</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="868" />
      <source>First values</source>
      <translation>前几行内容</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="868" />
      <source>Imported as</source>
      <translation>导入为</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="872" />
      <source>People already here (same ID number)</source>
      <translation>已有的人员（身份证号码相同）</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="873" />
      <source>Skip them: keep what is in the database</source>
      <translation>跳过：保留系统中已有的信息</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="874" />
      <source>Update them with the file's values</source>
      <translation>更新：用文件中的信息覆盖</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="875" />
      <source>When some rows have errors</source>
      <translation>部分行有错误时</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="876" />
      <source>All or nothing: import only if every row is correct</source>
      <translation>全部正确才导入（默认）</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="877" />
      <source>Import the valid rows; save the rejected rows to a file</source>
      <translation>只导入正确的行，错误行另存为文件</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="878" />
      <source>Rejected rows:</source>
      <translation>错误行文件：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="879" />
      <source>Browse…</source>
      <translation>浏览…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="880" />
      <source>Back</source>
      <translation>上一步</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="881" />
      <source>Check</source>
      <translation>检查</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="883" />
      <source>Save report…</source>
      <translation>保存报告…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="884" />
      <source>Import</source>
      <translation>导入</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="885" />
      <source>Import another file</source>
      <translation>导入另一个文件</translation>
    </message>
  </context>
  <context>
    <name>pages</name>
    <message>
      <location filename="../../ui/views/roster_page.py" line="902" />
      <source>Import / export</source>
      <translation>导入导出</translation>
    </message>
  </context>
</TS>
