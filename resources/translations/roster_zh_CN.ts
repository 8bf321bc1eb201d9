<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>MappingStep</name>
    <message>
      <location filename="../../ui/views/roster_mapping.py" line="136" />
      <source>(not imported)</source>
      <translation>（不导入）</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_mapping.py" line="163" />
      <source>Required: %1.</source>
      <translation>必须对应：%1。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_mapping.py" line="166" />
      <source>Map a household number, a room or a head's ID number column.</source>
      <translation>请对应户号列、房号列或户主身份证号码列。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_mapping.py" line="169" />
      <source>Mapped twice: %1.</source>
      <translation>重复对应：%1。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_mapping.py" line="189" />
      <source>Save rejected rows as</source>
      <translation>错误行保存为</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_mapping.py" line="191" />
      <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
      <translation>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_mapping.py" line="198" />
      <source>Check which field each column of the file goes into. Columns set to “(not imported)” are left out. Name and ID number are required.</source>
      <translation>请核对文件中每一列对应的字段。设为“（不导入）”的列不会导入。姓名和身份证号码必须对应。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_mapping.py" line="204" />
      <source>Column in the file</source>
      <translation>文件中的列</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_mapping.py" line="204" />
      <source>First values</source>
      <translation>前几行内容</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_mapping.py" line="204" />
      <source>Imported as</source>
      <translation>导入为</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_mapping.py" line="208" />
      <source>People already here (same ID number)</source>
      <translation>已有的人员（身份证号码相同）</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_mapping.py" line="209" />
      <source>Skip them: keep what is in the database</source>
      <translation>跳过：保留系统中已有的信息</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_mapping.py" line="210" />
      <source>Update them with the file's values</source>
      <translation>更新：用文件中的信息覆盖</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_mapping.py" line="211" />
      <source>When some rows have errors</source>
      <translation>部分行有错误时</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_mapping.py" line="212" />
      <source>All or nothing: import only if every row is correct</source>
      <translation>全部正确才导入（默认）</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_mapping.py" line="213" />
      <source>Import the valid rows; save the rejected rows to a file</source>
      <translation>只导入正确的行，错误行另存为文件</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_mapping.py" line="214" />
      <source>Rejected rows:</source>
      <translation>错误行文件：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_mapping.py" line="215" />
      <source>Browse…</source>
      <translation>浏览…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_mapping.py" line="216" />
      <source>Back</source>
      <translation>上一步</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_mapping.py" line="217" />
      <source>Check</source>
      <translation>检查</translation>
    </message>
  </context>
  <context>
    <name>ReportStep</name>
    <message>
      <location filename="../../ui/views/roster_report.py" line="137" />
      <source>Rows read: %1</source>
      <translation>读取行数：%1</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="138" />
      <source>Not people, skipped: %1</source>
      <translation>非人员行（已跳过）：%1</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="139" />
      <source>Repeats (kept once): %1</source>
      <translation>重复的同一人（只导入一次）：%1</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="140" />
      <source>Values corrected: %1</source>
      <translation>已更正的值：%1</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="145" />
      <source>Rejected rows by reason: %1</source>
      <translation>拒绝的行（按原因）：%1</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="150" />
      <source>Sheets read (rows): %1</source>
      <translation>读取的工作表（行数）：%1</translation>
    </message>
    <message>
      <source>Building from each sheet's name: %1</source>
      <translation>楼栋取自工作表名：%1</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="153" />
      <source>Sheet not read: %1 (%2)</source>
      <translation>未读取的工作表：%1（%2）</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="149" />
      <source>Column not imported: %1 (%2)</source>
      <translation>未导入的列：%1（%2）</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="34" />
      <source>Row</source>
      <translation>行号</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="35" />
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="36" />
      <source>Field</source>
      <translation>字段</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="37" />
      <source>Value</source>
      <translation>填写的内容</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="38" />
      <source>Problem</source>
      <translation>问题</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="93" />
      <source>%1 data rows checked.</source>
      <translation>已检查 %1 行数据。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="94" />
      <source>To add: %1</source>
      <translation>新增：%1</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="95" />
      <source>To update: %1</source>
      <translation>更新：%1</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="96" />
      <source>To skip (already here): %1</source>
      <translation>跳过（已有）：%1</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="97" />
      <source>With errors: %1</source>
      <translation>有错误：%1</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="101" />
      <source>New households: %1</source>
      <translation>新户：%1</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="110" />
      <source>Rows with errors (fix them in the file, or import the valid rows only):</source>
      <translation>有错误的行（请在文件中改正，或只导入正确的行）：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="112" />
      <source>No row has an error.</source>
      <translation>没有发现错误。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="232" />
      <source>%1 people updated from the file already held what it says.</source>
      <translation>另有 %1 人的信息与文件相同，无需更新。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="116" />
      <source>No row has an error. Values the import put right (check them):</source>
      <translation>没有发现错误。导入时已更正的值（请核对）：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="121" />
      <source>Nothing can be imported until the columns are mapped. Press Back.</source>
      <translation>各列对应好之前无法导入，请点“上一步”。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="125" />
      <source>All or nothing: with rows in error nothing will be imported. Fix the file, or press Back and choose “valid rows only”.</source>
      <translation>全部正确才导入：有错误行时不会导入任何数据。请改正文件，或点“上一步”选择“只导入正确的行”。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="132" />
      <source>There is nothing new to import.</source>
      <translation>没有需要导入的新数据。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="134" />
      <source>Import will add or update %1 people.</source>
      <translation>导入将新增或更新 %1 人。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="138" />
      <source>The %1 rows with errors are left out and saved to the rejected-rows file.</source>
      <translation>%1 行有错误的数据不导入，另存到错误行文件。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="156" />
      <source>Press Back, then Check again.</source>
      <translation>请点“上一步”，再重新检查。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="162" />
      <source>Imported: %1 people and %2 households added, %3 people updated, %4 skipped, %5 rows rejected.</source>
      <translation>导入完成：新增 %1 人、%2 户，更新 %3 人，跳过 %4 人，拒绝 %5 行。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="173" />
      <source>The rejected rows are in:</source>
      <translation>错误行已保存到：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="178" />
      <source>Back</source>
      <translation>上一步</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="179" />
      <source>Save report…</source>
      <translation>保存报告…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="180" />
      <source>Import</source>
      <translation>导入</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_report.py" line="181" />
      <source>Import another file</source>
      <translation>导入另一个文件</translation>
    </message>
  </context>
  <context>
    <name>RosterPage</name>
    <message>
      <location filename="../../ui/views/roster_page.py" line="181" />
      <source>Choose a roster file</source>
      <translation>选择花名册文件</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="183" />
      <source>Roster files (*.xlsx *.xlsm *.xls *.et *.ods *.csv *.txt *.xml *.htm *.html);;All files (*)</source>
      <translation>花名册文件 (*.xlsx *.xlsm *.xls *.et *.ods *.csv *.txt *.xml *.htm *.html);;所有文件 (*)</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="225" />
      <source>Reading the file…</source>
      <translation>正在读取文件…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="246" />
      <source>File:</source>
      <translation>文件：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="251" />
      <source>Sheet:</source>
      <translation>工作表：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="251" />
      <source>Encoding:</source>
      <translation>编码：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="252" />
      <source>Header row:</source>
      <translation>表头所在行：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="253" />
      <source>Columns:</source>
      <translation>各列：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="254" />
      <source>Data rows:</source>
      <translation>数据行数：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="280" />
      <source>Sheets not read:</source>
      <translation>未读取的工作表：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="263" />
      <source>Reading…</source>
      <translation>正在读取…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="298" />
      <source>Checking…</source>
      <translation>正在检查…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="304" />
      <source>Checking %1 rows…</source>
      <translation>正在检查 %1 行…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="319" />
      <source>Check cancelled; nothing was imported.</source>
      <translation>检查已取消，未导入任何数据。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="336" />
      <source>Importing…</source>
      <translation>正在导入…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="360" />
      <source>Import cancelled; nothing was imported.</source>
      <translation>导入已取消，未导入任何数据。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="370" />
      <source>Save the report as</source>
      <translation>检查报告保存为</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="372" />
      <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
      <translation>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="390" />
      <source>Report saved.</source>
      <translation>报告已保存。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="407" />
      <source>Export the roster</source>
      <translation>导出花名册</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="409" />
      <source>Excel workbook (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="430" />
      <source>Exporting the roster…</source>
      <translation>正在导出花名册…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="451" />
      <source>Exporting…</source>
      <translation>正在导出…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="452" />
      <source>Exported %1 people:</source>
      <translation>已导出 %1 人：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="453" />
      <source>Export cancelled; no file was written:</source>
      <translation>导出已取消，未生成文件：</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="476" />
      <source>1. Choose a file</source>
      <translation>1. 选择文件</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="477" />
      <source>2. Map columns</source>
      <translation>2. 对应各列</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="478" />
      <source>3. Map values</source>
      <translation>3. 对应取值</translation>
    </message>
    <message>
      <source>4. Check and import</source>
      <translation>4. 检查并导入</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="515" />
      <source>Export roster to Excel…</source>
      <translation>导出花名册到 Excel…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="517" />
      <source>Every household and person of this community, to an .xlsx file</source>
      <translation>本社区全部住户和人员，导出为 .xlsx 文件</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="519" />
      <source>Roster file</source>
      <translation>花名册文件</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="521" />
      <source>Drop a roster file here (.xlsx, .xls, .ods, .csv or .txt), or choose one.</source>
      <translation>把花名册文件（.xlsx、.xls、.ods、.csv 或 .txt）拖到这里，或点下面的按钮选择。</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="523" />
      <source>Choose file…</source>
      <translation>选择文件…</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="524" />
      <source>What was read</source>
      <translation>读取结果</translation>
    </message>
    <message>
      <location filename="../../ui/views/roster_page.py" line="525" />
      <source>Next: map columns</source>
      <translation>下一步：对应各列</translation>
    </message>
  </context>
  <context>
    <name>ValuesStep</name>
    <message>
      <source>Leave it (its rows stay rejected)</source>
      <translation>不对应（这些行仍不导入）</translation>
    </message>
    <message>
      <source>Column</source>
      <translation>列</translation>
    </message>
    <message>
      <source>Value in the file</source>
      <translation>文件中的值</translation>
    </message>
    <message>
      <source>Cells</source>
      <translation>格数</translation>
    </message>
    <message>
      <source>Read as</source>
      <translation>读作</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>上一步</translation>
    </message>
    <message>
      <source>Next: check with these values</source>
      <translation>下一步：按这些取值检查</translation>
    </message>
    <message>
      <source>These values are not ones the import knows. Say once what each means; this community's next imports will offer the same choice. Values left alone keep their rows rejected.</source>
      <translation>以下取值导入程序不认识。请为每个值选一次它对应的标准取值，本社区以后导入时会沿用这些选择；不对应的值所在行仍不导入。</translation>
    </message>
  </context>
</TS>
