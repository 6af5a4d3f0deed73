<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>AdminPage</name>
    <message>
        <source>&amp;Users</source>
        <translation>ユーザー(&amp;U)</translation>
    </message>
    <message>
        <source>La&amp;boratory</source>
        <translation>試験所(&amp;B)</translation>
    </message>
    <message>
        <source>Me&amp;thods</source>
        <translation>分析方法(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Criteria sets</source>
        <translation>判定基準セット(&amp;C)</translation>
    </message>
    <message>
        <source>Instrument &amp;profiles</source>
        <translation>装置プロファイル(&amp;P)</translation>
    </message>
    <message>
        <source>Signing &amp;keys</source>
        <translation>署名鍵(&amp;K)</translation>
    </message>
</context>
<context>
    <name>AdminTab</name>
    <message>
        <source>labapp</source>
        <translation>labapp</translation>
    </message>
</context>
<context>
    <name>AdministratorPage</name>
    <message>
        <source>Administrator</source>
        <translation>管理者</translation>
    </message>
    <message>
        <source>The first account. Administrators manage users and keys; they sign no data.</source>
        <translation>最初のアカウントです。管理者はユーザーと鍵を管理しますが、データには署名しません。</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>ユーザー名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Full name</source>
        <translation>氏名(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>パスワード(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Repeat password</source>
        <translation>パスワード（確認）(&amp;R)</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>2 つのパスワードが一致しません。</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>&amp;Verify chain</source>
        <translation>チェーンを検証(&amp;V)</translation>
    </message>
    <message>
        <source>Chain intact: {0} events, {1} records checked</source>
        <translation>チェーンは完全です: {0} 件のイベント、{1} 件のレコードを検査しました</translation>
    </message>
    <message>
        <source>; {0} checkpoints in {1} match</source>
        <translation>；{1} のチェックポイント {0} 件と一致</translation>
    </message>
    <message>
        <source>; no checkpoint found: not compared with a record outside the database</source>
        <translation>；チェックポイントなし：データベース外の記録とは照合していません</translation>
    </message>
    <message>
        <source>BROKEN: {0}</source>
        <translation>破損: {0}</translation>
    </message>
</context>
<context>
    <name>AuditText</name>
    <message>
        <source>(none)</source>
        <translation>（なし）</translation>
    </message>
</context>
<context>
    <name>AuditViewerPage</name>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>F&amp;rom</source>
        <translation>開始日(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>終了日(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Apply filters</source>
        <translation>フィルターを適用(&amp;A)</translation>
    </message>
    <message>
        <source>Verif&amp;y chain</source>
        <translation>チェーンを検証(&amp;Y)</translation>
    </message>
    <message>
        <source>E&amp;ntity</source>
        <translation>対象(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;User</source>
        <translation>ユーザー(&amp;U)</translation>
    </message>
    <message>
        <source>Select an event to see what changed.</source>
        <translation>イベントを選択すると変更内容が表示されます。</translation>
    </message>
    <message>
        <source>All entities</source>
        <translation>すべての対象</translation>
    </message>
    <message>
        <source>Your roles do not include viewing the audit trail.</source>
        <translation>あなたのロールには監査証跡の閲覧が含まれていません。</translation>
    </message>
    <message>
        <source>All users</source>
        <translation>すべてのユーザー</translation>
    </message>
    <message>
        <source>Event {0}, {1} by {2}</source>
        <translation>イベント {0}: {1}（実行者 {2}）</translation>
    </message>
    <message>
        <source>Hash: {0}</source>
        <translation>ハッシュ: {0}</translation>
    </message>
    <message>
        <source>Concerns: {0}</source>
        <translation>対象: {0}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（なし）</translation>
    </message>
    <message>
        <source>labapp</source>
        <translation>labapp</translation>
    </message>
</context>
<context>
    <name>BudgetChart</name>
    <message>
        <source>Contribution to u² (%)</source>
        <translation>u² への寄与 (%)</translation>
    </message>
</context>
<context>
    <name>BudgetTerms</name>
    <message>
        <source>bias</source>
        <translation>かたより</translation>
    </message>
    <message>
        <source>blank</source>
        <translation>ブランク</translation>
    </message>
    <message>
        <source>calibration</source>
        <translation>検量線</translation>
    </message>
    <message>
        <source>counting statistics</source>
        <translation>計数統計</translation>
    </message>
    <message>
        <source>digest volume</source>
        <translation>分解液の容量</translation>
    </message>
    <message>
        <source>dilution</source>
        <translation>希釈</translation>
    </message>
    <message>
        <source>drift correction</source>
        <translation>ドリフト補正</translation>
    </message>
    <message>
        <source>moisture</source>
        <translation>水分</translation>
    </message>
    <message>
        <source>recovery</source>
        <translation>回収率</translation>
    </message>
    <message>
        <source>reference value</source>
        <translation>参照値</translation>
    </message>
    <message>
        <source>repeatability (repeated readings)</source>
        <translation>繰返し性（繰返し測定値）</translation>
    </message>
    <message>
        <source>reproducibility</source>
        <translation>再現性</translation>
    </message>
    <message>
        <source>sample mass</source>
        <translation>試料質量</translation>
    </message>
    <message>
        <source>sampling (lot)</source>
        <translation>サンプリング（ロット）</translation>
    </message>
</context>
<context>
    <name>CalculationInputs</name>
    <message>
        <source>LOD</source>
        <translation>検出下限</translation>
    </message>
    <message>
        <source>LOQ</source>
        <translation>定量下限</translation>
    </message>
    <message>
        <source>QC state</source>
        <translation>精度管理の状態</translation>
    </message>
    <message>
        <source>basis</source>
        <translation>基準</translation>
    </message>
    <message>
        <source>calculated by</source>
        <translation>計算者</translation>
    </message>
    <message>
        <source>censored</source>
        <translation>打ち切り</translation>
    </message>
    <message>
        <source>confidence level</source>
        <translation>信頼水準</translation>
    </message>
    <message>
        <source>coverage factor k</source>
        <translation>包含係数 k</translation>
    </message>
    <message>
        <source>coverage factor k including sampling</source>
        <translation>サンプリングを含む包含係数 k</translation>
    </message>
    <message>
        <source>digest</source>
        <translation>分解液</translation>
    </message>
    <message>
        <source>effective degrees of freedom</source>
        <translation>有効自由度</translation>
    </message>
    <message>
        <source>element</source>
        <translation>元素</translation>
    </message>
    <message>
        <source>expanded uncertainty U</source>
        <translation>拡張不確かさ U</translation>
    </message>
    <message>
        <source>expanded uncertainty U including sampling (lot)</source>
        <translation>サンプリングを含む拡張不確かさ U（ロット）</translation>
    </message>
    <message>
        <source>flags</source>
        <translation>フラグ</translation>
    </message>
    <message>
        <source>line</source>
        <translation>波長</translation>
    </message>
    <message>
        <source>method</source>
        <translation>分析方法</translation>
    </message>
    <message>
        <source>model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>quantity</source>
        <translation>測定量</translation>
    </message>
    <message>
        <source>standard uncertainty u</source>
        <translation>標準不確かさ u</translation>
    </message>
    <message>
        <source>technique</source>
        <translation>測定手法</translation>
    </message>
    <message>
        <source>uncertainty rule</source>
        <translation>不確かさの規則</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>単位</translation>
    </message>
    <message>
        <source>value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>bottom-up budget of an ICP-OES result on the solid</source>
        <translation>ICP-OES 固体試料結果のボトムアップ収支</translation>
    </message>
    <message>
        <source>top-down budget from validation data (Nordtest TR 537)</source>
        <translation>妥当性確認データによるトップダウン収支（Nordtest TR 537）</translation>
    </message>
    <message>
        <source>top-down budget with XRF counting statistics</source>
        <translation>XRF 計数統計を含むトップダウン収支</translation>
    </message>
    <message>
        <source>mass fraction, dry basis</source>
        <translation>質量分率（乾燥ベース）</translation>
    </message>
    <message>
        <source>mass fraction</source>
        <translation>質量分率</translation>
    </message>
    <message>
        <source>u = mean of the digests&apos; u; ν_eff = the smallest of the digests&apos; degrees of freedom</source>
        <translation>u = 各分解液の u の平均；ν_eff = 各分解液の自由度の最小値</translation>
    </message>
</context>
<context>
    <name>CalibrationModel</name>
    <message>
        <source>linear</source>
        <translation>直線</translation>
    </message>
    <message>
        <source>quadratic</source>
        <translation>二次</translation>
    </message>
</context>
<context>
    <name>CalibrationPlot</name>
    <message>
        <source>Residual</source>
        <translation>残差</translation>
    </message>
    <message>
        <source>Concentration ({0})</source>
        <translation>濃度 ({0})</translation>
    </message>
    <message>
        <source>Net signal</source>
        <translation>正味信号</translation>
    </message>
    <message>
        <source>fit ({0})</source>
        <translation>回帰 ({0})</translation>
    </message>
    <message>
        <source>standards</source>
        <translation>標準液</translation>
    </message>
    <message>
        <source>excluded standards</source>
        <translation>除外した標準液</translation>
    </message>
    <message>
        <source>samples</source>
        <translation>試料</translation>
    </message>
    <message>
        <source>above the top standard</source>
        <translation>最高濃度の標準液を超過</translation>
    </message>
</context>
<context>
    <name>CertificatesPage</name>
    <message>
        <source>English</source>
        <translation>英語</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日本語</translation>
    </message>
    <message>
        <source>English + Japanese</source>
        <translation>英語 + 日本語</translation>
    </message>
    <message>
        <source>&amp;Issue certificates...</source>
        <translation>成績書を発行(&amp;I)...</translation>
    </message>
    <message>
        <source>Approved lots</source>
        <translation>承認済みロット</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>出力フォルダー</translation>
    </message>
    <message>
        <source>Keys folder</source>
        <translation>鍵フォルダー</translation>
    </message>
    <message>
        <source>&amp;Print...</source>
        <translation>印刷(&amp;P)...</translation>
    </message>
    <message>
        <source>Save &amp;PDF...</source>
        <translation>PDF を保存(&amp;P)...</translation>
    </message>
    <message>
        <source>Save &amp;JSON...</source>
        <translation>JSON を保存(&amp;J)...</translation>
    </message>
    <message>
        <source>&amp;Amend...</source>
        <translation>訂正(&amp;A)...</translation>
    </message>
    <message>
        <source>&amp;Retract...</source>
        <translation>取消(&amp;R)...</translation>
    </message>
    <message>
        <source>&amp;Verify a certificate...</source>
        <translation>成績書を検証(&amp;V)...</translation>
    </message>
    <message>
        <source>Select the approved lot(s) to certify in the list.</source>
        <translation>一覧で成績書を発行する承認済みロットを選択してください。</translation>
    </message>
    <message>
        <source>Issuing certificates...</source>
        <translation>成績書を発行しています...</translation>
    </message>
    <message>
        <source>{0} certificate(s) issued: {1}</source>
        <translation>成績書 {0} 件を発行しました: {1}</translation>
    </message>
    <message>
        <source>not issued: {0}</source>
        <translation>未発行: {0}</translation>
    </message>
    <message>
        <source>{0} revision {1}</source>
        <translation>{0} 改訂 {1}</translation>
    </message>
    <message>
        <source> ({0} text(s) printed as the English original)</source>
        <translation>（{0} 件の文言は英語の原文のまま印刷）</translation>
    </message>
    <message>
        <source> (stored; its files are written at the next start: {0})</source>
        <translation>（記録済み。ファイルは次回起動時に書き出されます: {0}）</translation>
    </message>
    <message>
        <source>Select the certificate to amend.</source>
        <translation>訂正する成績書を選択してください。</translation>
    </message>
    <message>
        <source>Select the certificate to retract.</source>
        <translation>取り消す成績書を選択してください。</translation>
    </message>
    <message>
        <source>{0} rev {1}: {2}</source>
        <translation>{0} 改訂 {1}: {2}</translation>
    </message>
    <message>
        <source>signed retraction notice for the customer: {0}</source>
        <translation>依頼者宛ての署名付き取消通知：{0}</translation>
    </message>
    <message>
        <source>Select the certificate to print.</source>
        <translation>印刷する成績書を選択してください。</translation>
    </message>
    <message>
        <source>Printing failed: {0}</source>
        <translation>印刷に失敗しました: {0}</translation>
    </message>
    <message>
        <source>Select the certificate to save.</source>
        <translation>保存する成績書を選択してください。</translation>
    </message>
    <message>
        <source>Save certificate PDF</source>
        <translation>成績書 PDF の保存</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Save certificate JSON</source>
        <translation>成績書 JSON の保存</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>This certificate has no stored JSON twin.</source>
        <translation>この成績書には保存された JSON 版がありません。</translation>
    </message>
    <message>
        <source>{0} was not saved: {1}</source>
        <translation>{0} は保存されませんでした: {1}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>{0} を保存しました</translation>
    </message>
</context>
<context>
    <name>CertifyOffer</name>
    <message>
        <source>Issue &amp;certificates...</source>
        <translation>成績書を発行(&amp;C)...</translation>
    </message>
    <message>
        <source>Issue the certificates of these lots with one signature: all of them or none</source>
        <translation>これらのロットの成績書を一回の署名で発行します（すべて発行するか、一つも発行しないか）</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>後で</translation>
    </message>
    <message>
        <source>Lots approved: {0}. Issue their certificates now, with one signature?</source>
        <translation>承認されたロット: {0}。一回の署名で今すぐ成績書を発行しますか？</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>#</source>
        <translation>番号</translation>
    </message>
    <message>
        <source>Acquired</source>
        <translation>測定日時</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>有効</translation>
    </message>
    <message>
        <source>Assay, wt %</source>
        <translation>分析値 wt%</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>基準</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>チェック</translation>
    </message>
    <message>
        <source>Checked against</source>
        <translation>検証対象</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>依頼者</translation>
    </message>
    <message>
        <source>Columns found</source>
        <translation>検出した列</translation>
    </message>
    <message>
        <source>Confirmed by</source>
        <translation>確認者</translation>
    </message>
    <message>
        <source>Counter-party, wt %</source>
        <translation>相手方 wt%</translation>
    </message>
    <message>
        <source>DL</source>
        <translation>検出下限</translation>
    </message>
    <message>
        <source>Declared</source>
        <translation>申告組成</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>Element</source>
        <translation>元素</translation>
    </message>
    <message>
        <source>Entered by</source>
        <translation>入力者</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>対象</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>期待値</translation>
    </message>
    <message>
        <source>Failed log-ins</source>
        <translation>ログイン失敗回数</translation>
    </message>
    <message>
        <source>Final value</source>
        <translation>最終金額</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>フラグ</translation>
    </message>
    <message>
        <source>Frozen</source>
        <translation>凍結</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等級</translation>
    </message>
    <message>
        <source>Grade tried</source>
        <translation>判定した等級</translation>
    </message>
    <message>
        <source>Guard band</source>
        <translation>ガードバンド</translation>
    </message>
    <message>
        <source>High</source>
        <translation>上限</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Installed by</source>
        <translation>提供元</translation>
    </message>
    <message>
        <source>Intensity</source>
        <translation>強度</translation>
    </message>
    <message>
        <source>Issued (UTC)</source>
        <translation>発行日時 (UTC)</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>発行者</translation>
    </message>
    <message>
        <source>Key file</source>
        <translation>鍵ファイル</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>LOD</source>
        <translation>検出下限</translation>
    </message>
    <message>
        <source>LOQ</source>
        <translation>定量下限</translation>
    </message>
    <message>
        <source>Laboratory</source>
        <translation>試験所</translation>
    </message>
    <message>
        <source>Laboratory assay, wt %</source>
        <translation>当試験所分析値 wt%</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>レイアウト</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>限度値</translation>
    </message>
    <message>
        <source>Limit type</source>
        <translation>限度の種類</translation>
    </message>
    <message>
        <source>Limiting parameters</source>
        <translation>制限項目</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>波長</translation>
    </message>
    <message>
        <source>Line / nm</source>
        <translation>波長 / nm</translation>
    </message>
    <message>
        <source>Locked until (UTC)</source>
        <translation>ロック解除日時 (UTC)</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>ロット</translation>
    </message>
    <message>
        <source>Lot state</source>
        <translation>ロットの状態</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>下限</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>測定値</translation>
    </message>
    <message>
        <source>Moisture %</source>
        <translation>水分 %</translation>
    </message>
    <message>
        <source>Must choose a new password</source>
        <translation>パスワード変更が必要</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Net dry kg</source>
        <translation>正味乾燥質量 kg</translation>
    </message>
    <message>
        <source>Net wet kg</source>
        <translation>正味湿潤質量 kg</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>番号</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>由来</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>パラメーター</translation>
    </message>
    <message>
        <source>Preparations</source>
        <translation>前処理試料</translation>
    </message>
    <message>
        <source>Profile file</source>
        <translation>プロファイルファイル</translation>
    </message>
    <message>
        <source>Provisional</source>
        <translation>暫定</translation>
    </message>
    <message>
        <source>QC</source>
        <translation>精度管理</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Registered (UTC)</source>
        <translation>登録日時 (UTC)</translation>
    </message>
    <message>
        <source>Rep.</source>
        <translation>繰返し</translation>
    </message>
    <message>
        <source>Rev.</source>
        <translation>改訂</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>役割</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>試料</translation>
    </message>
    <message>
        <source>Sample label</source>
        <translation>試料ラベル</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>スコア</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>区分</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>セット</translation>
    </message>
    <message>
        <source>Settled assay, wt %</source>
        <translation>精算分析値 wt%</translation>
    </message>
    <message>
        <source>Signer</source>
        <translation>署名者</translation>
    </message>
    <message>
        <source>Solution</source>
        <translation>溶液</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>出典</translation>
    </message>
    <message>
        <source>Species</source>
        <translation>化学種</translation>
    </message>
    <message>
        <source>Splitting limit</source>
        <translation>スプリッティングリミット</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Statistic</source>
        <translation>統計量</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>ステータス</translation>
    </message>
    <message>
        <source>Technique</source>
        <translation>測定手法</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>表題</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>種別</translation>
    </message>
    <message>
        <source>U</source>
        <translation>U</translation>
    </message>
    <message>
        <source>U (k=2)</source>
        <translation>U (k=2)</translation>
    </message>
    <message>
        <source>U from</source>
        <translation>U の根拠</translation>
    </message>
    <message>
        <source>Umpire, wt %</source>
        <translation>アンパイア wt%</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>単位</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>ユーザー名</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Value on it ± U (terms currency)</source>
        <translation>同金額 ± U（契約条件の通貨）</translation>
    </message>
    <message>
        <source>Value ± U</source>
        <translation>値 ± U</translation>
    </message>
    <message>
        <source>Vendor</source>
        <translation>メーカー</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版</translation>
    </message>
    <message>
        <source>View</source>
        <translation>観測方向</translation>
    </message>
    <message>
        <source>When (UTC)</source>
        <translation>日時 (UTC)</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>実行者</translation>
    </message>
    <message>
        <source>Why not</source>
        <translation>不適合の理由</translation>
    </message>
    <message>
        <source>k</source>
        <translation>k</translation>
    </message>
</context>
<context>
    <name>CriteriaEditor</name>
    <message>
        <source>Edit criteria set {0}</source>
        <translation>判定基準セット {0} の編集</translation>
    </message>
</context>
<context>
    <name>CriteriaTab</name>
    <message>
        <source>Cl&amp;one as new version...</source>
        <translation>新しい版として複製(&amp;O)...</translation>
    </message>
    <message>
        <source>Ed&amp;it...</source>
        <translation>編集(&amp;I)...</translation>
    </message>
    <message>
        <source>New from te&amp;mplate...</source>
        <translation>テンプレートから新規作成(&amp;M)...</translation>
    </message>
    <message>
        <source>Start a customer&apos;s contract specification from a template</source>
        <translation>テンプレートから顧客の契約仕様を作成する</translation>
    </message>
    <message>
        <source>Compare &amp;with</source>
        <translation>比較対象(&amp;W)</translation>
    </message>
    <message>
        <source>shipped</source>
        <translation>同梱</translation>
    </message>
    <message>
        <source>own</source>
        <translation>自施設</translation>
    </message>
    <message>
        <source>{0} version {1}, read-only</source>
        <translation>{0} 第 {1} 版（読み取り専用）</translation>
    </message>
    <message>
        <source>{0} version {1}, editable</source>
        <translation>{0} 第 {1} 版（編集可能）</translation>
    </message>
    <message>
        <source>Select the criteria set to clone.</source>
        <translation>複製する判定基準セットを選択してください。</translation>
    </message>
    <message>
        <source>Clone {0} version {1}</source>
        <translation>{0} 第 {1} 版の複製</translation>
    </message>
    <message>
        <source>&amp;New version</source>
        <translation>新しい版(&amp;N)</translation>
    </message>
    <message>
        <source>New criteria set from a template</source>
        <translation>テンプレートから判定基準セットを新規作成</translation>
    </message>
    <message>
        <source>&amp;Template</source>
        <translation>テンプレート(&amp;T)</translation>
    </message>
    <message>
        <source>Set &amp;id</source>
        <translation>セット ID(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Customer</source>
        <translation>顧客(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Version</source>
        <translation>版(&amp;V)</translation>
    </message>
    <message>
        <source>Select your own criteria set to edit (clone a shipped set first).</source>
        <translation>編集する自施設の判定基準セットを選択してください（同梱のセットは先に複製してください）。</translation>
    </message>
    <message>
        <source>Select a set in the list and the set to compare it with.</source>
        <translation>一覧でセットを選び、比較するセットを指定してください。</translation>
    </message>
    <message>
        <source>identical content</source>
        <translation>内容は同一です</translation>
    </message>
</context>
<context>
    <name>CriteriaText</name>
    <message>
        <source>(no limits)</source>
        <translation>（限度なし）</translation>
    </message>
    <message>
        <source>(not stated)</source>
        <translation>（記載なし）</translation>
    </message>
    <message>
        <source>(provisional)</source>
        <translation>（暫定）</translation>
    </message>
    <message>
        <source>(the laboratory&apos;s judgement)</source>
        <translation>（試験所の判断）</translation>
    </message>
    <message>
        <source>(when reported)</source>
        <translation>（報告された場合）</translation>
    </message>
    <message>
        <source>Classification: {0}</source>
        <translation>分類: {0}</translation>
    </message>
    <message>
        <source>Customer: {0}</source>
        <translation>顧客: {0}</translation>
    </message>
    <message>
        <source>Decision rule: {0}</source>
        <translation>判定規則: {0}</translation>
    </message>
    <message>
        <source>Families: {0}</source>
        <translation>化学系: {0}</translation>
    </message>
    <message>
        <source>Fingerprint (SHA-256): {0}</source>
        <translation>フィンガープリント（SHA-256）: {0}</translation>
    </message>
    <message>
        <source>Grade {0} ({1}), families {2}</source>
        <translation>グレード {0}（{1}）、化学系 {2}</translation>
    </message>
    <message>
        <source>Kind: {0}; status: {1}; effective from {2}</source>
        <translation>種類: {0}、状態: {1}、適用開始 {2}</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>限度</translation>
    </message>
    <message>
        <source>Not assessed by this laboratory:</source>
        <translation>本試験所で評価しない項目:</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>注記</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>注記:</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>項目</translation>
    </message>
    <message>
        <source>Payable {0} ({1}): {2}, families {3}</source>
        <translation>支払対象 {0}（{1}）: {2}、化学系 {3}</translation>
    </message>
    <message>
        <source>Required: {0}</source>
        <translation>必須項目: {0}</translation>
    </message>
    <message>
        <source>Results on: {0}</source>
        <translation>結果の基準: {0}</translation>
    </message>
    <message>
        <source>Section {0}, families {1}</source>
        <translation>区分 {0}、化学系 {1}</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>出典</translation>
    </message>
    <message>
        <source>Sources:</source>
        <translation>出典:</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>記述</translation>
    </message>
    <message>
        <source>Statement when met</source>
        <translation>適合時の記述</translation>
    </message>
    <message>
        <source>Statement when not met</source>
        <translation>不適合時の記述</translation>
    </message>
    <message>
        <source>Warning: {0}</source>
        <translation>警告: {0}</translation>
    </message>
    <message>
        <source>{0}, w = {1:g} U</source>
        <translation>{0}、w = {1:g} U</translation>
    </message>
</context>
<context>
    <name>CrmFields</name>
    <message>
        <source>measured</source>
        <translation>測定値</translation>
    </message>
    <message>
        <source>certified value</source>
        <translation>認証値</translation>
    </message>
    <message>
        <source>The certified value from the CRM&apos;s certificate</source>
        <translation>CRM の認証書に記載された認証値</translation>
    </message>
    <message>
        <source>u (optional)</source>
        <translation>u（任意）</translation>
    </message>
    <message>
        <source>Standard uncertainty u of the certified value: the certificate&apos;s U divided by its k</source>
        <translation>認証値の標準不確かさ u：認証書の U をその k で割った値</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>測定値</translation>
    </message>
    <message>
        <source>Certified</source>
        <translation>認証値</translation>
    </message>
    <message>
        <source>u</source>
        <translation>u</translation>
    </message>
</context>
<context>
    <name>CurveEditing</name>
    <message>
        <source>Reason (kept in the audit trail):</source>
        <translation>理由（監査証跡に記録されます）:</translation>
    </message>
    <message>
        <source>Exclude a replicate</source>
        <translation>繰返し測定値の除外</translation>
    </message>
    <message>
        <source>Replicate:</source>
        <translation>繰返し番号:</translation>
    </message>
    <message>
        <source>Exclude standard {0} from {1}</source>
        <translation>標準液 {0} を {1} の検量線から除外</translation>
    </message>
    <message>
        <source>Exclude replicate {0} of {1} from {2}</source>
        <translation>{1} の繰返し {0} を {2} から除外</translation>
    </message>
    <message>
        <source>Put the excluded point back on the curve</source>
        <translation>除外した点を検量線に戻す</translation>
    </message>
    <message>
        <source>Recalculating with the change...</source>
        <translation>変更を反映して再計算しています...</translation>
    </message>
    <message>
        <source>Recorded with its reason and recalculated: the curve and results shown are the new ones.</source>
        <translation>理由とともに記録し、再計算しました。表示中の検量線と結果は新しいものです。</translation>
    </message>
    <message>
        <source>Put this point back on the curve...</source>
        <translation>この点を検量線に戻す...</translation>
    </message>
    <message>
        <source>Exclude this standard point...</source>
        <translation>この標準液の点を除外...</translation>
    </message>
    <message>
        <source>Exclude one replicate...</source>
        <translation>繰返し測定値を 1 つ除外...</translation>
    </message>
    <message>
        <source>Put replicate {0} back...</source>
        <translation>繰返し {0} を戻す...</translation>
    </message>
</context>
<context>
    <name>CurvePoints</name>
    <message>
        <source>Solution</source>
        <translation>溶液</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>Concentration</source>
        <translation>濃度</translation>
    </message>
    <message>
        <source>Net signal</source>
        <translation>正味信号</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>備考</translation>
    </message>
    <message>
        <source>standard</source>
        <translation>標準液</translation>
    </message>
    <message>
        <source>left off the curve: {0}</source>
        <translation>検量線から除外: {0}</translation>
    </message>
    <message>
        <source>excluded standard</source>
        <translation>除外した標準液</translation>
    </message>
    <message>
        <source>sample</source>
        <translation>試料</translation>
    </message>
</context>
<context>
    <name>ElementChooser</name>
    <message>
        <source>All</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>選択解除</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>Administration &gt; Signing keys &gt; Issue signer key...</source>
        <translation>管理 &gt; 署名鍵 &gt; 署名鍵を発行...</translation>
    </message>
    <message>
        <source>Administration &gt; Signing keys &gt; Create root CA...</source>
        <translation>管理 &gt; 署名鍵 &gt; ルート CA を作成...</translation>
    </message>
    <message>
        <source>Administration &gt; Users &gt; Reset password...</source>
        <translation>管理 &gt; ユーザー &gt; パスワードをリセット...</translation>
    </message>
    <message>
        <source>Administration &gt; Laboratory</source>
        <translation>管理 &gt; 試験所</translation>
    </message>
    <message>
        <source>the Profile list of the import wizard</source>
        <translation>取込みウィザードのプロファイル一覧</translation>
    </message>
    <message>
        <source>the Method list beside Calculate on the Runs page</source>
        <translation>ラン画面の［計算］の横にある計算方法の一覧</translation>
    </message>
    <message>
        <source>the Lots page</source>
        <translation>ロットのページ</translation>
    </message>
    <message>
        <source>File &gt; Open database...</source>
        <translation>ファイル &gt; データベースを開く...</translation>
    </message>
    <message>
        <source>In labapp: {0}</source>
        <translation>labapp での操作: {0}</translation>
    </message>
    <message>
        <source>The user name or the password is wrong.</source>
        <translation>ユーザー名またはパスワードが違います。</translation>
    </message>
    <message>
        <source>The account {0} is deactivated: an administrator can activate it again.</source>
        <translation>アカウント {0} は無効化されています。管理者が再び有効にできます。</translation>
    </message>
    <message>
        <source>The account {0} is locked until {1} UTC after repeated failures.</source>
        <translation>ログインの失敗が続いたため、アカウント {0} は {1} UTC までロックされています。</translation>
    </message>
    <message>
        <source>{0} may not do this. {1}</source>
        <translation>{0} はこの操作を行えません。{1}</translation>
    </message>
    <message>
        <source>{0} made this run {1}, so may not {2} it (four eyes).</source>
        <translation>{0} はこのランを{1}にした担当者のため、{2}できません（四つの目の原則）。</translation>
    </message>
    <message>
        <source>The key cannot be opened: the passphrase is wrong or the file is damaged.</source>
        <translation>鍵ファイルを開けません。パスフレーズが違うか、ファイルが破損しています。</translation>
    </message>
</context>
<context>
    <name>FileErrorBox</name>
    <message>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>波長</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>(whole file)</source>
        <translation>（ファイル全体）</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Instrument export</source>
        <translation>装置エクスポート</translation>
    </message>
    <message>
        <source>Drop the export file here, or browse for it. The run name identifies the run in the review and on certificates.</source>
        <translation>エクスポートファイルをここにドロップするか、参照して選択してください。ラン名はレビューと成績書でランを識別するために使われます。</translation>
    </message>
    <message>
        <source>path of the export file</source>
        <translation>エクスポートファイルのパス</translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation>参照(&amp;B)...</translation>
    </message>
    <message>
        <source>Ctrl+B</source>
        <translation>Ctrl+B</translation>
    </message>
    <message>
        <source>Drop an export file here</source>
        <translation>エクスポートファイルをここにドロップ</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Run name</source>
        <translation>ラン名(&amp;R)</translation>
    </message>
</context>
<context>
    <name>FirstStartWizard</name>
    <message>
        <source>labapp - first start</source>
        <translation>labapp - 初回起動</translation>
    </message>
    <message>
        <source>Creating the administrator</source>
        <translation>管理者を作成しています</translation>
    </message>
    <message>
        <source>Saving the laboratory details</source>
        <translation>試験所情報を保存しています</translation>
    </message>
    <message>
        <source>Creating the root certificate</source>
        <translation>ルート証明書を作成しています</translation>
    </message>
    <message>
        <source>{0} failed: {1}</source>
        <translation>{0} に失敗しました: {1}</translation>
    </message>
</context>
<context>
    <name>FlagMeanings</name>
    <message>
        <source>Flag as written</source>
        <translation>ファイル上のフラグ</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>意味</translation>
    </message>
    <message>
        <source>Add flag</source>
        <translation>フラグを追加</translation>
    </message>
    <message>
        <source>Remove flag</source>
        <translation>フラグを削除</translation>
    </message>
</context>
<context>
    <name>FormCheck</name>
    <message>
        <source>Use at least {0} characters.</source>
        <translation>{0} 文字以上にしてください。</translation>
    </message>
    <message>
        <source>This password is too common; choose another.</source>
        <translation>よく使われるパスワードです。別のものを選んでください。</translation>
    </message>
    <message>
        <source>Mix at least {0} of: lower case, upper case, digits, symbols.</source>
        <translation>小文字・大文字・数字・記号のうち {0} 種類以上を組み合わせてください。</translation>
    </message>
    <message>
        <source>The password must not contain the user name.</source>
        <translation>パスワードにユーザー名を含めないでください。</translation>
    </message>
    <message>
        <source>Choose a password other than the current one.</source>
        <translation>現在とは別のパスワードを選んでください。</translation>
    </message>
</context>
<context>
    <name>FormatForm</name>
    <message>
        <source>e.g. ACME ICP-9000 CSV export</source>
        <translation>例: ACME ICP-9000 CSV エクスポート</translation>
    </message>
    <message>
        <source>ppm means mg/kg (solid samples, not solutions)</source>
        <translation>ppm は mg/kg を意味する (溶液ではなく固体試料)</translation>
    </message>
    <message>
        <source>none (the file gives the units)</source>
        <translation>なし (ファイルに単位が記載)</translation>
    </message>
    <message>
        <source>from the file&apos;s own dates</source>
        <translation>ファイル内の日付から判定</translation>
    </message>
    <message>
        <source>from the file&apos;s numbers</source>
        <translation>ファイル内の数値から判定</translation>
    </message>
    <message>
        <source>. (point)</source>
        <translation>. (ピリオド)</translation>
    </message>
    <message>
        <source>, (comma)</source>
        <translation>, (カンマ)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Saved as</source>
        <translation>保存名</translation>
    </message>
    <message>
        <source>Vendor</source>
        <translation>メーカー</translation>
    </message>
    <message>
        <source>Technique</source>
        <translation>測定手法</translation>
    </message>
    <message>
        <source>Unit when the file gives none</source>
        <translation>ファイルに単位がない場合の単位</translation>
    </message>
    <message>
        <source>Date order</source>
        <translation>日付の順序</translation>
    </message>
    <message>
        <source>Decimal mark</source>
        <translation>小数点記号</translation>
    </message>
</context>
<context>
    <name>FormatPage</name>
    <message>
        <source>Format</source>
        <translation>形式</translation>
    </message>
    <message>
        <source>The format the file was recognised as. Choose another profile if the instrument&apos;s export was set up differently.</source>
        <translation>ファイルが認識された形式です。装置のエクスポート設定が異なる場合は、別のプロファイルを選択してください。</translation>
    </message>
    <message>
        <source>&amp;Profile</source>
        <translation>プロファイル(&amp;P)</translation>
    </message>
    <message>
        <source>How well each profile fits this file:</source>
        <translation>各プロファイルとこのファイルの適合度:</translation>
    </message>
    <message>
        <source>  (score {0}, {1} columns recognised)</source>
        <translation>  (スコア {0}、認識した列 {1})</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>プロファイル</translation>
    </message>
    <message>
        <source>Vendor</source>
        <translation>メーカー</translation>
    </message>
    <message>
        <source>Technique</source>
        <translation>測定手法</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>スコア</translation>
    </message>
    <message>
        <source>Detected: &lt;b&gt;{0}&lt;/b&gt; ({1}, {2}), {3} of its columns recognised</source>
        <translation>検出: &lt;b&gt;{0}&lt;/b&gt; ({1}、{2})、列を {3} 個認識</translation>
    </message>
    <message>
        <source>Candidate</source>
        <translation>候補</translation>
    </message>
    <message>
        <source>Columns recognised</source>
        <translation>認識した列</translation>
    </message>
    <message>
        <source>Why not</source>
        <translation>不適合の理由</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>{0}. Choose the profile below.</source>
        <translation>{0}。下からプロファイルを選択してください。</translation>
    </message>
    <message>
        <source>; next best: {0} (score {1} against {2})</source>
        <translation>、次点: {0}（スコア {1}、最良 {2}）</translation>
    </message>
</context>
<context>
    <name>FrameTableModel</name>
    <message>
        <source>QC-affected</source>
        <translation>精度管理の影響あり</translation>
    </message>
    <message>
        <source>censored (&lt; LOD / &gt; range)</source>
        <translation>打ち切り値（&lt; 検出下限 / &gt; 範囲）</translation>
    </message>
    <message>
        <source>conditional</source>
        <translation>条件付き</translation>
    </message>
    <message>
        <source>instrument flag</source>
        <translation>装置フラグ</translation>
    </message>
    <message>
        <source>out of specification</source>
        <translation>規格外</translation>
    </message>
</context>
<context>
    <name>FrameView</name>
    <message>
        <source>Filter (text columns)</source>
        <translation>フィルター（文字列の列）</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>すべての行</translation>
    </message>
    <message>
        <source>{0} rows</source>
        <translation>{0} 行</translation>
    </message>
</context>
<context>
    <name>GradingNote</name>
    <message>
        <source>Lots not graded: your roles do not include grading.</source>
        <translation>ロットは等級判定されていません: あなたのロールには等級判定が含まれていません。</translation>
    </message>
    <message>
        <source>Lots not graded ({0}); grade them on the Grading page.</source>
        <translation>ロットは等級判定されていません（{0}）。等級判定ページで等級判定してください。</translation>
    </message>
    <message>
        <source>{0} lot(s) graded against {1} {2}</source>
        <translation>{0} ロットを {1} {2} で等級判定しました</translation>
    </message>
    <message>
        <source> ({0} not gradable: the Grading page says why)</source>
        <translation>（{0} 件は等級判定できません。理由は等級判定ページに表示されます）</translation>
    </message>
    <message>
        <source>Graded against another set before, so not graded now: {0}; grade them again on the Grading page.</source>
        <translation>以前に別の基準セットで等級判定されているため、今回は等級判定していません: {0}。等級判定ページで改めて等級判定してください。</translation>
    </message>
    <message>
        <source>.</source>
        <translation>。</translation>
    </message>
</context>
<context>
    <name>GradingPage</name>
    <message>
        <source>provisional</source>
        <translation>暫定</translation>
    </message>
    <message>
        <source>Rule of the criteria set</source>
        <translation>判定基準セットの規則</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>ラン</translation>
    </message>
    <message>
        <source>&amp;Grade lot</source>
        <translation>ロットを判定(&amp;G)</translation>
    </message>
    <message>
        <source>Grade the chosen lot against the chosen set (Ctrl+G)</source>
        <translation>選択したロットを選択した基準セットで判定します (Ctrl+G)</translation>
    </message>
    <message>
        <source>Grade all lots of the &amp;run</source>
        <translation>ランの全ロットを判定(&amp;R)</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>ロット</translation>
    </message>
    <message>
        <source>Criteria set</source>
        <translation>判定基準セット</translation>
    </message>
    <message>
        <source>Decision rule</source>
        <translation>判定規則</translation>
    </message>
    <message>
        <source>Lot {0} has no current grading.</source>
        <translation>ロット {0} には現在の等級判定がありません。</translation>
    </message>
    <message>
        <source>no grade</source>
        <translation>等級なし</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}: grade {1}&lt;/b&gt; ({2}), family {3}; criteria {4} {5}, rule {6}; graded {7} by {8}{9}</source>
        <translation>&lt;b&gt;{0}: 等級 {1}&lt;/b&gt;（{2}）、系統 {3}、判定基準 {4} {5}、判定規則 {6}、判定日時 {7}、判定者 {8}{9}</translation>
    </message>
    <message>
        <source>&lt;br&gt;Limiting parameters (why not a better grade):</source>
        <translation>&lt;br&gt;制限項目（上位の等級にならない理由）:</translation>
    </message>
    <message>
        <source>simple acceptance (w = 0)</source>
        <translation>単純受入れ（w = 0）</translation>
    </message>
    <message>
        <source>{0}, w = {1} U</source>
        <translation>{0}、w = {1} U</translation>
    </message>
    <message>
        <source>&lt;br&gt;Not assessed (required by the set&apos;s source, not tested): {0}</source>
        <translation>&lt;br&gt;未評価（判定基準の出典が求めるが試験していない項目）：{0}</translation>
    </message>
    <message>
        <source>&lt;br&gt;Regulatory screens:</source>
        <translation>&lt;br&gt;規制スクリーニング：</translation>
    </message>
    <message>
        <source>Grading...</source>
        <translation>判定しています...</translation>
    </message>
    <message>
        <source>Choose a lot to grade.</source>
        <translation>判定するロットを選択してください。</translation>
    </message>
    <message>
        <source>Choose a run whose lots to grade.</source>
        <translation>ロットを判定するランを選択してください。</translation>
    </message>
</context>
<context>
    <name>IdleLockBox</name>
    <message>
        <source>Idle lock</source>
        <translation>アイドルロック</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分</translation>
    </message>
    <message>
        <source>off</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Lock an unused window after this many minutes (0 = never)</source>
        <translation>操作のない画面をこの分数の後にロックします（0 = ロックしない）</translation>
    </message>
    <message>
        <source>Why the idle time changes</source>
        <translation>アイドル時間を変更する理由</translation>
    </message>
    <message>
        <source>Appl&amp;y idle time</source>
        <translation>アイドル時間を適用(&amp;Y)</translation>
    </message>
    <message>
        <source>Ma&amp;ximum idle time</source>
        <translation>最大アイドル時間(&amp;X)</translation>
    </message>
    <message>
        <source>Reason for the ne&amp;w time</source>
        <translation>新しい時間の理由(&amp;W)</translation>
    </message>
    <message>
        <source>Give the reason for the change.</source>
        <translation>変更の理由を入力してください。</translation>
    </message>
</context>
<context>
    <name>ImportFlow</name>
    <message>
        <source>Imported run {0}: {1} readings.</source>
        <translation>ラン {0} を取り込みました: 測定値 {1} 件。</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>Import</source>
        <translation>取込み</translation>
    </message>
    <message>
        <source>The file is archived byte for byte with its SHA-256 and its readings stored as one run, or nothing is stored.</source>
        <translation>ファイルは SHA-256 とともにそのまま保管され、測定値は 1 つのランとして保存されます。失敗した場合は何も保存されません。</translation>
    </message>
    <message>
        <source>Import again even if this exact file was imported before</source>
        <translation>同じファイルを取り込み済みでも再度取り込む</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>取込み(&amp;I)</translation>
    </message>
    <message>
        <source>Ctrl+Return</source>
        <translation>Ctrl+Return</translation>
    </message>
    <message>
        <source>The run was not imported</source>
        <translation>ランは取り込まれませんでした</translation>
    </message>
    <message>
        <source>Run &lt;b&gt;{0}&lt;/b&gt; from {1} with profile {2}.</source>
        <translation>ラン &lt;b&gt;{0}&lt;/b&gt;（{1}、プロファイル {2}）。</translation>
    </message>
    <message>
        <source>Archiving and storing {0}</source>
        <translation>{0} を保管・保存しています</translation>
    </message>
    <message>
        <source>Imported run {0} (id {1}): {2} readings, {3} labels matched, {4} unmatched.</source>
        <translation>ラン {0}（ID {1}）を取り込みました: 測定値 {2} 件、照合済みラベル {3} 件、未照合 {4} 件。</translation>
    </message>
    <message>
        <source>Assigned by hand: {0}; reason: {1}</source>
        <translation>手動で割り当て: {0}、理由: {1}</translation>
    </message>
    <message>
        <source>Not linked, lot already released: {0}</source>
        <translation>リリース済みロットのため未連結: {0}</translation>
    </message>
    <message>
        <source>Warnings: {0}</source>
        <translation>警告: {0}</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import an instrument run</source>
        <translation>装置ランの取込み</translation>
    </message>
</context>
<context>
    <name>KeysPage</name>
    <message>
        <source>Signing keys</source>
        <translation>署名鍵</translation>
    </message>
    <message>
        <source>The laboratory&apos;s root certificate vouches for every approver&apos;s signing key. Its passphrase is asked whenever a signer key is issued; it is not stored.</source>
        <translation>試験所のルート証明書は、すべての承認者の署名鍵を保証します。そのパスフレーズは署名鍵を発行するたびに入力を求められ、保存されません。</translation>
    </message>
    <message>
        <source>Create the laboratory root &amp;certificate now</source>
        <translation>試験所のルート証明書を今すぐ作成する(&amp;C)</translation>
    </message>
    <message>
        <source>two letters, e.g. JP</source>
        <translation>2 文字、例: JP</translation>
    </message>
    <message>
        <source>C&amp;ountry</source>
        <translation>国(&amp;O)</translation>
    </message>
    <message>
        <source>Root &amp;passphrase</source>
        <translation>ルートのパスフレーズ(&amp;P)</translation>
    </message>
    <message>
        <source>Re&amp;peat passphrase</source>
        <translation>パスフレーズ（確認）(&amp;P)</translation>
    </message>
    <message>
        <source>Keys folder: {0}</source>
        <translation>鍵フォルダー: {0}</translation>
    </message>
    <message>
        <source>The passphrase needs at least {0} characters.</source>
        <translation>パスフレーズは {0} 文字以上必要です。</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>2 つのパスフレーズが一致しません。</translation>
    </message>
</context>
<context>
    <name>KeysTab</name>
    <message>
        <source>Create &amp;root CA...</source>
        <translation>ルート CA を作成(&amp;R)...</translation>
    </message>
    <message>
        <source>&amp;Issue signer key...</source>
        <translation>署名鍵を発行(&amp;I)...</translation>
    </message>
    <message>
        <source>E&amp;xport root certificate...</source>
        <translation>ルート証明書をエクスポート(&amp;X)...</translation>
    </message>
    <message>
        <source>Keys folder of this database: {0}</source>
        <translation>このデータベースの鍵フォルダー: {0}</translation>
    </message>
    <message>
        <source>No root CA yet: create one before issuing signer keys.</source>
        <translation>ルート CA がまだありません。署名鍵を発行する前に作成してください。</translation>
    </message>
    <message>
        <source>Root CA: {0}
Valid until: {1}
SHA-256: {2}</source>
        <translation>ルート CA: {0}
有効期限: {1}
SHA-256: {2}</translation>
    </message>
    <message>
        <source>Create the laboratory root CA</source>
        <translation>試験所ルート CA の作成</translation>
    </message>
    <message>
        <source>&amp;Common name</source>
        <translation>共通名 (CN)(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Organisation</source>
        <translation>組織(&amp;O)</translation>
    </message>
    <message>
        <source>C&amp;ountry (2 letters)</source>
        <translation>国（2 文字）(&amp;O)</translation>
    </message>
    <message>
        <source>CA &amp;passphrase</source>
        <translation>CA のパスフレーズ(&amp;P)</translation>
    </message>
    <message>
        <source>Con&amp;firm passphrase</source>
        <translation>パスフレーズ（確認）(&amp;F)</translation>
    </message>
    <message>
        <source>Replace an existing root CA (old signatures stay verifiable only with the exported old root)</source>
        <translation>既存のルート CA を置き換える（旧署名はエクスポート済みの旧ルートでのみ検証可能）</translation>
    </message>
    <message>
        <source>Issue a signer key</source>
        <translation>署名鍵の発行</translation>
    </message>
    <message>
        <source>&amp;User name (the certificate carries the printed name registered)</source>
        <translation>ユーザー名(&amp;U)(証明書には登録済みの氏名が記載されます)</translation>
    </message>
    <message>
        <source>&amp;E-mail (optional)</source>
        <translation>電子メール（任意）(&amp;E)</translation>
    </message>
    <message>
        <source>C&amp;A passphrase</source>
        <translation>CA のパスフレーズ(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Signer passphrase</source>
        <translation>署名者のパスフレーズ(&amp;S)</translation>
    </message>
    <message>
        <source>Con&amp;firm signer passphrase</source>
        <translation>署名者のパスフレーズ（確認）(&amp;F)</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>2 つのパスフレーズが一致しません。</translation>
    </message>
    <message>
        <source>Sign in as an administrator to manage signing keys.</source>
        <translation>署名鍵を管理するには管理者としてサインインしてください。</translation>
    </message>
    <message>
        <source>Export root certificate</source>
        <translation>ルート証明書のエクスポート</translation>
    </message>
    <message>
        <source>PEM certificate (*.pem)</source>
        <translation>PEM 証明書 (*.pem)</translation>
    </message>
</context>
<context>
    <name>LaboratoryPage</name>
    <message>
        <source>Laboratory</source>
        <translation>試験所</translation>
    </message>
    <message>
        <source>The laboratory&apos;s identity as it appears on every certificate.</source>
        <translation>すべての成績書に記載される試験所の情報です。</translation>
    </message>
    <message>
        <source>e.g. ISO/IEC 17025, JAB RL0123</source>
        <translation>例: ISO/IEC 17025、JAB RL0123</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>所在地(&amp;A)</translation>
    </message>
    <message>
        <source>A&amp;ccreditation</source>
        <translation>認定(&amp;C)</translation>
    </message>
</context>
<context>
    <name>LaboratoryTab</name>
    <message>
        <source>Why the details change (required for a change)</source>
        <translation>変更の理由（変更時は必須）</translation>
    </message>
    <message>
        <source>Re&amp;move logo</source>
        <translation>ロゴを削除(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>A&amp;ddress</source>
        <translation>所在地(&amp;D)</translation>
    </message>
    <message>
        <source>Verification &amp;address</source>
        <translation>証明書の確認先(&amp;A)</translation>
    </message>
    <message>
        <source>Lo&amp;go</source>
        <translation>ロゴ(&amp;G)</translation>
    </message>
    <message>
        <source>Save deta&amp;ils</source>
        <translation>情報を保存(&amp;I)</translation>
    </message>
    <message>
        <source>Where recipients check a certificate, e.g. a web page</source>
        <translation>受領者が証明書を確認する場所（例: ウェブページ）</translation>
    </message>
    <message>
        <source>Choose l&amp;ogo...</source>
        <translation>ロゴを選択(&amp;O)...</translation>
    </message>
    <message>
        <source>Acc&amp;reditation</source>
        <translation>認定(&amp;R)</translation>
    </message>
    <message>
        <source>Rea&amp;son</source>
        <translation>理由(&amp;S)</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>ロゴなし</translation>
    </message>
    <message>
        <source>Laboratory logo</source>
        <translation>試験所のロゴ</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>画像 (*.png *.jpg *.jpeg)</translation>
    </message>
</context>
<context>
    <name>LineStatusTable</name>
    <message>
        <source>Line</source>
        <translation>波長</translation>
    </message>
    <message>
        <source>QC status</source>
        <translation>精度管理の状態</translation>
    </message>
    <message>
        <source>Failed checks</source>
        <translation>不合格のチェック</translation>
    </message>
    <message>
        <source>Failed checks: {0}</source>
        <translation>不合格のチェック: {0}</translation>
    </message>
    <message>
        <source>Every QC check on this line passed.</source>
        <translation>この波長の精度管理チェックはすべて合格です。</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>&amp;Unlock</source>
        <translation>ロック解除(&amp;U)</translation>
    </message>
    <message>
        <source>Sign in as &amp;someone else...</source>
        <translation>別のユーザーでサインイン(&amp;S)...</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>パスワード(&amp;P)</translation>
    </message>
    <message>
        <source>The window was locked after a time without use. Enter your password to continue, or let someone else sign in (you are signed out).</source>
        <translation>一定時間操作がなかったため画面をロックしました。続けるにはパスワードを入力してください。別のユーザーがサインインすることもできます（その場合、あなたはサインアウトされます）。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in to labapp</source>
        <translation>labapp にサインイン</translation>
    </message>
    <message>
        <source>Database: {0}</source>
        <translation>データベース: {0}</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>ユーザー名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>パスワード(&amp;P)</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>サインイン</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>ユーザー名を入力してください。</translation>
    </message>
    <message>
        <source>Choose a new password to sign in.</source>
        <translation>サインインするには新しいパスワードを設定してください。</translation>
    </message>
</context>
<context>
    <name>LotFormDialog</name>
    <message>
        <source>Register a lot</source>
        <translation>ロットの登録</translation>
    </message>
    <message>
        <source>Edit lot {0}</source>
        <translation>ロット {0} の編集</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>ロット</translation>
    </message>
    <message>
        <source>Lot &amp;code</source>
        <translation>ロット番号(&amp;C)</translation>
    </message>
    <message>
        <source>C&amp;lient</source>
        <translation>依頼者(&amp;L)</translation>
    </message>
    <message>
        <source>Client contact</source>
        <translation>依頼者の連絡先</translation>
    </message>
    <message>
        <source>Declared c&amp;hemistry</source>
        <translation>申告組成(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Origin</source>
        <translation>由来(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Gross mass / kg</source>
        <translation>総質量 / kg(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Net wet mass / kg</source>
        <translation>正味湿潤質量 / kg(&amp;N)</translation>
    </message>
    <message>
        <source>Received on</source>
        <translation>受領日</translation>
    </message>
    <message>
        <source>Laboratory sample</source>
        <translation>試験室試料</translation>
    </message>
    <message>
        <source>&amp;Moisture / %</source>
        <translation>水分 / %(&amp;M)</translation>
    </message>
    <message>
        <source>Sampled on</source>
        <translation>採取日</translation>
    </message>
    <message>
        <source>ISO/IEC 17025</source>
        <translation>ISO/IEC 17025</translation>
    </message>
    <message>
        <source>assigned when the lot is registered</source>
        <translation>ロット登録時に付与</translation>
    </message>
    <message>
        <source>Laboratory sample id</source>
        <translation>試験所試料番号</translation>
    </message>
    <message>
        <source>Supplied by the customer:</source>
        <translation>依頼者から提供された情報：</translation>
    </message>
    <message>
        <source>&amp;Reason (required: released data, signed with your password)</source>
        <translation>理由(&amp;R)(必須: リリース済みデータのため、パスワードで署名します)</translation>
    </message>
    <message>
        <source>&amp;Reason (required: results submitted)</source>
        <translation>理由（必須: 結果は提出済み）(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Reason (optional)</source>
        <translation>理由（任意）(&amp;R)</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a number; write it like 12.5</source>
        <translation>「{0}」は数値ではありません。12.5 のように入力してください</translation>
    </message>
    <message>
        <source>Enter the lot code.</source>
        <translation>ロット番号を入力してください。</translation>
    </message>
    <message>
        <source>Enter the client.</source>
        <translation>依頼者を入力してください。</translation>
    </message>
    <message>
        <source>Enter a mass above 0 kg, or leave it empty.</source>
        <translation>0 kg より大きい質量を入力するか、空欄のままにしてください。</translation>
    </message>
    <message>
        <source>The net wet mass cannot be more than the gross mass.</source>
        <translation>正味湿潤質量は総質量を超えることはできません。</translation>
    </message>
    <message>
        <source>Moisture is a percentage from 0 to below 100.</source>
        <translation>水分は 0 以上 100 未満のパーセントで入力してください。</translation>
    </message>
    <message>
        <source>Choose one of the listed values.</source>
        <translation>一覧の値から選択してください。</translation>
    </message>
    <message>
        <source>Nothing to change.</source>
        <translation>変更する内容がありません。</translation>
    </message>
    <message>
        <source>Not saved: a change of released data needs your signature.</source>
        <translation>保存されませんでした: リリース済みデータの変更には署名が必要です。</translation>
    </message>
    <message>
        <source>lot {0} ({1}): {2}</source>
        <translation>ロット {0}({1}): {2}</translation>
    </message>
    <message>
        <source>Bag</source>
        <translation>袋</translation>
    </message>
    <message>
        <source>Condition on receipt</source>
        <translation>受領時の状態</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>コンテナ</translation>
    </message>
    <message>
        <source>Customs code</source>
        <translation>税関コード</translation>
    </message>
    <message>
        <source>Deviations from the method (; separated)</source>
        <translation>方法からの逸脱（; 区切り）</translation>
    </message>
    <message>
        <source>Moisture method</source>
        <translation>水分測定方法</translation>
    </message>
    <message>
        <source>Sampled by</source>
        <translation>採取者</translation>
    </message>
    <message>
        <source>Sampling location</source>
        <translation>サンプリング場所</translation>
    </message>
    <message>
        <source>Sampling method</source>
        <translation>サンプリング方法</translation>
    </message>
    <message>
        <source>Sampling plan</source>
        <translation>サンプリング計画</translation>
    </message>
    <message>
        <source>Seals (; separated)</source>
        <translation>封印（; 区切り）</translation>
    </message>
    <message>
        <source>Shipment</source>
        <translation>出荷</translation>
    </message>
    <message>
        <source>Waste code</source>
        <translation>廃棄物コード</translation>
    </message>
</context>
<context>
    <name>LotsPage</name>
    <message>
        <source>All states</source>
        <translation>すべての状態</translation>
    </message>
    <message>
        <source>&amp;New lot...</source>
        <translation>新規ロット(&amp;N)...</translation>
    </message>
    <message>
        <source>&amp;Edit lot...</source>
        <translation>ロットを編集(&amp;E)...</translation>
    </message>
    <message>
        <source>Import &amp;manifest...</source>
        <translation>マニフェストを取込み(&amp;M)...</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Overview</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Lots</source>
        <translation>ロット</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>監査証跡</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>管理</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open database...</source>
        <translation>データベースを開く(&amp;O)...</translation>
    </message>
    <message>
        <source>&amp;Sign in...</source>
        <translation>サインイン(&amp;S)...</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>サインアウト(&amp;O)</translation>
    </message>
    <message>
        <source>Loc&amp;k now</source>
        <translation>今すぐロック(&amp;K)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+L</source>
        <translation>Ctrl+Shift+L</translation>
    </message>
    <message>
        <source>C&amp;hange password...</source>
        <translation>パスワードの変更(&amp;H)...</translation>
    </message>
    <message>
        <source>Import instrument &amp;export...</source>
        <translation>装置エクスポートを取込み(&amp;E)...</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Import lot &amp;manifest...</source>
        <translation>ロットマニフェストを取込み(&amp;M)...</translation>
    </message>
    <message>
        <source>Ctrl+M</source>
        <translation>Ctrl+M</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>最新の情報に更新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Preferences...</source>
        <translation>設定(&amp;P)...</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>&amp;Lots</source>
        <translation>ロット(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;New lot...</source>
        <translation>新規ロット(&amp;N)...</translation>
    </message>
    <message>
        <source>&amp;Edit lot...</source>
        <translation>ロットを編集(&amp;E)...</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About labapp</source>
        <translation>labapp について(&amp;A)</translation>
    </message>
    <message>
        <source>Not signed in (read only)</source>
        <translation>未サインイン（読み取り専用）</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <source>Open a database first (File &gt; Open database).</source>
        <translation>先にデータベースを開いてください（ファイル &gt; データベースを開く）。</translation>
    </message>
    <message>
        <source>Select the lot to edit in the lot list.</source>
        <translation>ロット一覧で編集するロットを選択してください。</translation>
    </message>
    <message>
        <source>Lot {0} saved</source>
        <translation>ロット {0} を保存しました</translation>
    </message>
    <message>
        <source>Import lot manifest</source>
        <translation>ロットマニフェストの取込み</translation>
    </message>
    <message>
        <source>Importing {0}...</source>
        <translation>{0} を取り込んでいます...</translation>
    </message>
    <message>
        <source>{0}: {1} lots, {2} preparations registered</source>
        <translation>{0}: ロット {1} 件、前処理試料 {2} 件を登録しました</translation>
    </message>
    <message>
        <source>The manifest was not imported; nothing was stored. Fix these lines:</source>
        <translation>マニフェストは取り込まれず、何も保存されていません。次の行を修正してください:</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <source>Open database</source>
        <translation>データベースを開く</translation>
    </message>
    <message>
        <source>labapp database (*.sqlite *.db);;All files (*)</source>
        <translation>labapp データベース (*.sqlite *.db);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>About labapp</source>
        <translation>labapp について</translation>
    </message>
    <message>
        <source>labapp {0}
Black mass assay: import, calculation with uncertainty, QC, grading, review and signed certificates.</source>
        <translation>labapp {0}
ブラックマスの分析: 取込み、不確かさを伴う計算、精度管理、等級判定、レビュー、電子署名付き成績書。</translation>
    </message>
    <message>
        <source>labapp</source>
        <translation>labapp</translation>
    </message>
    <message>
        <source>The new language applies when labapp is started again.</source>
        <translation>新しい言語は labapp の再起動後に適用されます。</translation>
    </message>
    <message>
        <source>Lot manifest (*.csv *.xlsx);;All files (*)</source>
        <translation>ロットマニフェスト (*.csv *.xlsx);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>ラン</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Grading</source>
        <translation>等級判定</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>レビュー</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>成績書</translation>
    </message>
    <message>
        <source>Settlement</source>
        <translation>精算</translation>
    </message>
    <message>
        <source>Verify a certificate...</source>
        <translation>成績書を検証...</translation>
    </message>
    <message>
        <source>Panel tests</source>
        <translation>付帯試験</translation>
    </message>
    <message>
        <source>&amp;Detail panes</source>
        <translation>詳細ペイン(&amp;D)</translation>
    </message>
</context>
<context>
    <name>MatchingPage</name>
    <message>
        <source>Sample matching</source>
        <translation>試料の照合</translation>
    </message>
    <message>
        <source>Each sample in the file must belong to a registered preparation. Assign unmatched labels, or leave them: they are stored as unmatched.</source>
        <translation>ファイル内の各試料は登録済みの前処理試料に属している必要があります。未照合のラベルを割り当てるか、そのままにしてください（未照合として保存されます）。</translation>
    </message>
    <message>
        <source>Reason for assigning labels by hand (kept in the audit trail):</source>
        <translation>ラベルを手動で割り当てる理由(監査証跡に記録されます):</translation>
    </message>
    <message>
        <source>e.g. the autosampler list misspelt BM26-0005</source>
        <translation>例: オートサンプラーのリストで BM26-0005 の綴りが誤っていた</translation>
    </message>
    <message>
        <source>{0} of {1} sample labels matched, {2} of them assigned by hand; {3} unmatched (red); {4} QC solutions are not matched.</source>
        <translation>試料ラベル {1} 件中 {0} 件が照合済み(うち手動割り当て {2} 件)、未照合 {3} 件(赤)、QC 溶液 {4} 件は照合対象外です。</translation>
    </message>
    <message>
        <source>{0} match a lot that is already released: stored, but they give it no results.</source>
        <translation>{0} 件はリリース済みのロットに一致します。測定値は保存されますが、そのロットの結果にはなりません。</translation>
    </message>
    <message>
        <source>QC solution, not matched</source>
        <translation>精度管理溶液（照合対象外）</translation>
    </message>
    <message>
        <source>lot {0} already released: not linked</source>
        <translation>ロット {0} はリリース済み: 未連結</translation>
    </message>
    <message>
        <source>matched</source>
        <translation>照合済み</translation>
    </message>
    <message>
        <source>matched (spelling)</source>
        <translation>照合済み（表記ゆれ）</translation>
    </message>
    <message>
        <source>UNMATCHED</source>
        <translation>未照合</translation>
    </message>
    <message>
        <source>(leave unmatched)</source>
        <translation>（未照合のまま）</translation>
    </message>
    <message>
        <source>assigned by hand</source>
        <translation>手動で割り当て</translation>
    </message>
    <message>
        <source>Label in file</source>
        <translation>ファイル内のラベル</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>ロット</translation>
    </message>
    <message>
        <source>Readings</source>
        <translation>測定値</translation>
    </message>
    <message>
        <source>Registered preparation</source>
        <translation>登録済み前処理試料</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>ステータス</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>種別</translation>
    </message>
</context>
<context>
    <name>MethodBox</name>
    <message>
        <source>The calculation method; by default the run&apos;s lines choose it</source>
        <translation>計算方法。既定ではランの測定波長から選ばれます</translation>
    </message>
    <message>
        <source>Method: by the run&apos;s lines</source>
        <translation>計算方法：ランの測定波長から選択</translation>
    </message>
</context>
<context>
    <name>MethodsTab</name>
    <message>
        <source>Methods are read-only here: a method is changed by issuing a new version of its TOML file under change control, not in the application.</source>
        <translation>ここでは分析方法は読み取り専用です。分析方法の変更は、アプリケーション内ではなく、変更管理のもとで TOML ファイルの新しい版を発行して行います。</translation>
    </message>
</context>
<context>
    <name>NewPasswordDialog</name>
    <message>
        <source>Choose a new password</source>
        <translation>新しいパスワードの設定</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>ユーザー名</translation>
    </message>
    <message>
        <source>&amp;Current password</source>
        <translation>現在のパスワード(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;New password</source>
        <translation>新しいパスワード(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Repeat new password</source>
        <translation>新しいパスワード(確認)(&amp;R)</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>パスワードの変更</translation>
    </message>
    <message>
        <source>At least {0} characters, not a common password.</source>
        <translation>{0} 文字以上で、よく使われるパスワードは使えません。</translation>
    </message>
    <message>
        <source>An administrator set this password. Choose your own before you continue; until then the account can neither act nor sign.</source>
        <translation>このパスワードは管理者が設定したものです。続ける前にご自身のパスワードを設定してください。それまでこのアカウントでは操作も署名もできません。</translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation>2 つの新しいパスワードが一致しません。</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Database contents</source>
        <translation>データベースの内容</translation>
    </message>
    <message>
        <source>Lots needing amendment</source>
        <translation>訂正が必要なロット</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>ロット</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>成績書</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation>変更者</translation>
    </message>
    <message>
        <source>When (UTC)</source>
        <translation>日時(UTC)</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>embedded SQLite</source>
        <translation>組込み SQLite</translation>
    </message>
    <message>
        <source>shared server</source>
        <translation>共有サーバー</translation>
    </message>
    <message>
        <source>Database: {0} ({1})</source>
        <translation>データベース: {0}（{1}）</translation>
    </message>
    <message>
        <source>none issued yet</source>
        <translation>未発行</translation>
    </message>
    <message>
        <source>Lots needing amendment: {0}</source>
        <translation>訂正が必要なロット: {0}</translation>
    </message>
    <message>
        <source>Audit events</source>
        <translation>監査イベント</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>成績書</translation>
    </message>
    <message>
        <source>Instrument runs</source>
        <translation>装置ラン</translation>
    </message>
    <message>
        <source>Lots</source>
        <translation>ロット</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>試料</translation>
    </message>
</context>
<context>
    <name>PanelSheet</name>
    <message>
        <source>retained on {0} mm</source>
        <translation>{0} mm ふるい上</translation>
    </message>
    <message>
        <source>(optional)</source>
        <translation>（任意）</translation>
    </message>
    <message>
        <source>Balance reading: type it as the balance shows it, to {0} g at most.</source>
        <translation>はかりの読取り値: はかりの表示どおりに入力してください（最小 {0} g まで）。</translation>
    </message>
    <message>
        <source>missing value ({0})</source>
        <translation>未入力（{0}）</translation>
    </message>
    <message>
        <source>&quot;{0}&quot; is not a number</source>
        <translation>「{0}」は数値ではありません</translation>
    </message>
    <message>
        <source>{0} is below the lowest allowed value {1}</source>
        <translation>{0} は許容下限 {1} 未満です</translation>
    </message>
    <message>
        <source>{0} g has more digits than the balance shows (d = {1} g)</source>
        <translation>{0} g ははかりの表示より桁が多すぎます（目量 d = {1} g）</translation>
    </message>
    <message>
        <source>below the LOQ ({0} {1})</source>
        <translation>定量下限未満（{0} {1}）</translation>
    </message>
    <message>
        <source>QC failed: {0}</source>
        <translation>精度管理不合格: {0}</translation>
    </message>
</context>
<context>
    <name>PanelSheetPage</name>
    <message>
        <source>&amp;Method</source>
        <translation>試験方法(&amp;M)</translation>
    </message>
    <message>
        <source>Determinations per lot</source>
        <translation>ロットあたりの測定回数</translation>
    </message>
    <message>
        <source>&amp;Add to sheet</source>
        <translation>シートに追加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Browse file...</source>
        <translation>ファイルを参照(&amp;B)...</translation>
    </message>
    <message>
        <source>Read a result sheet or an instrument export into the sheet</source>
        <translation>結果シートまたは装置エクスポートをシートに読み込みます</translation>
    </message>
    <message>
        <source>&amp;New sheet</source>
        <translation>新しいシート(&amp;N)</translation>
    </message>
    <message>
        <source>Lots waiting for this test</source>
        <translation>この試験を待っているロット</translation>
    </message>
    <message>
        <source>mg/L:reading; mg/L:reading; ...</source>
        <translation>mg/L:読取り値; mg/L:読取り値; ...</translation>
    </message>
    <message>
        <source>Calibration standards</source>
        <translation>検量線標準液</translation>
    </message>
    <message>
        <source>CRM check</source>
        <translation>CRM 確認</translation>
    </message>
    <message>
        <source>&amp;Save batch</source>
        <translation>一括保存(&amp;S)</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>試験</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>ロット</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Entered by</source>
        <translation>入力者</translation>
    </message>
    <message>
        <source>Verified by</source>
        <translation>確認者</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>&amp;Verify...</source>
        <translation>確認(&amp;V)...</translation>
    </message>
    <message>
        <source>Re&amp;ject...</source>
        <translation>差戻し(&amp;J)...</translation>
    </message>
    <message>
        <source>S&amp;ubmit...</source>
        <translation>提出(&amp;U)...</translation>
    </message>
    <message>
        <source>Stored tests of this method</source>
        <translation>この試験方法の保存済み試験</translation>
    </message>
    <message>
        <source>Lots waiting for this test: {0}</source>
        <translation>この試験を待っているロット: {0} 件</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>試料</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Sample label (optional)</source>
        <translation>試料ラベル（任意）</translation>
    </message>
    <message>
        <source>Calculated after saving: value ± expanded uncertainty U (coverage factor k), basis, LOQ and failed QC checks</source>
        <translation>保存後に計算: 値 ± 拡張不確かさ U（包含係数 k）、基準、定量下限、不合格の精度管理項目</translation>
    </message>
    <message>
        <source>{0} value(s) pasted; {1} did not fit in the sheet&apos;s rows</source>
        <translation>{0} 個の値を貼り付けました。{1} 個はシートの行に収まりませんでした</translation>
    </message>
    <message>
        <source>{0} value(s) pasted</source>
        <translation>{0} 個の値を貼り付けました</translation>
    </message>
    <message>
        <source>{0}, row {1}</source>
        <translation>{0}、{1} 行目</translation>
    </message>
    <message>
        <source>{0} problem(s): nothing is saved until every one is fixed.</source>
        <translation>問題が {0} 件あります。すべて直すまで何も保存されません。</translation>
    </message>
    <message>
        <source>Saved; the calculated results:</source>
        <translation>保存しました。計算結果:</translation>
    </message>
    <message>
        <source>No problems.</source>
        <translation>問題はありません。</translation>
    </message>
    <message>
        <source>This batch is saved; start a new sheet for the next one.</source>
        <translation>このバッチは保存済みです。次のバッチは新しいシートで始めてください。</translation>
    </message>
    <message>
        <source>Fix the problems listed below the sheet first.</source>
        <translation>先にシートの下に示した問題を直してください。</translation>
    </message>
    <message>
        <source>Type, paste or read the values first.</source>
        <translation>先に値を入力、貼り付け、または読み込んでください。</translation>
    </message>
    <message>
        <source>Save every test of the batch (Ctrl+S)</source>
        <translation>バッチのすべての試験を保存します（Ctrl+S）</translation>
    </message>
    <message>
        <source>Saving {0} test(s)...</source>
        <translation>{0} 件の試験を保存しています...</translation>
    </message>
    <message>
        <source>#{0}: {1}</source>
        <translation>#{0}: {1}</translation>
    </message>
    <message>
        <source>{0} test(s) saved as entered; a second person verifies them next.</source>
        <translation>{0} 件の試験を入力済みとして保存しました。次に別の担当者が確認します。</translation>
    </message>
    <message>
        <source>Read into the sheet</source>
        <translation>シートに読み込む</translation>
    </message>
    <message>
        <source>Result sheet or instrument export (*.csv *.txt *.xlsx);;All files (*)</source>
        <translation>結果シートまたは装置エクスポート (*.csv *.txt *.xlsx);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Reading {0}...</source>
        <translation>{0} を読み込んでいます...</translation>
    </message>
    <message>
        <source>{0}: {1} test(s) read into the sheet; check them, then save.</source>
        <translation>{0}: {1} 件の試験をシートに読み込みました。確認してから保存してください。</translation>
    </message>
</context>
<context>
    <name>PanelSignatureDialog</name>
    <message>
        <source>reviewed: I checked the entered values against the raw records and the calculation</source>
        <translation>確認: 入力値を生データ記録と照合し、計算を確認しました</translation>
    </message>
    <message>
        <source>rejected: the test goes back to be entered again</source>
        <translation>差戻し: この試験は再入力のため差し戻されます</translation>
    </message>
    <message>
        <source>authored: the verified results become the lot&apos;s reportable results</source>
        <translation>作成: 確認済みの結果をロットの報告結果とします</translation>
    </message>
</context>
<context>
    <name>PanelSigning</name>
    <message>
        <source>Sign in first (File &gt; Sign in).</source>
        <translation>先にサインインしてください（ファイル &gt; サインイン）。</translation>
    </message>
    <message>
        <source>Your roles do not allow this; it needs one of: {0}.</source>
        <translation>あなたの役割ではこの操作はできません。必要な役割: {0}。</translation>
    </message>
    <message>
        <source>Choose one or more stored tests in the list first.</source>
        <translation>先に一覧から保存済みの試験を選んでください。</translation>
    </message>
    <message>
        <source>Test #{0} is {1}; this needs a test that is {2}.</source>
        <translation>試験 #{0} は{1}です。この操作には{2}の試験が必要です。</translation>
    </message>
    <message>
        <source>You entered test #{0}: a second person verifies or rejects it (four eyes).</source>
        <translation>試験 #{0} はあなたが入力しました。確認または差戻しは別の担当者が行います（ダブルチェック）。</translation>
    </message>
    <message>
        <source>You verified test #{0}: another person submits it (four eyes).</source>
        <translation>試験 #{0} はあなたが確認しました。提出は別の担当者が行います（ダブルチェック）。</translation>
    </message>
    <message>
        <source>Signed: {0}</source>
        <translation>署名しました: {0}</translation>
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <source>Browse...</source>
        <translation>参照...</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>フォルダーを選択</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>ファイルを選択</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>Choose a certificate to preview it.</source>
        <translation>成績書を選択するとプレビューが表示されます。</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Preview</source>
        <translation>プレビュー</translation>
    </message>
    <message>
        <source>The readings as labapp understood them: one row per reading.</source>
        <translation>labapp が解釈した測定値です（1 行に 1 測定値）。</translation>
    </message>
    <message>
        <source>The file cannot be read</source>
        <translation>ファイルを読み込めません</translation>
    </message>
    <message>
        <source>Reading {0}...</source>
        <translation>{0} を読み込んでいます...</translation>
    </message>
    <message>
        <source>Reading {0}</source>
        <translation>{0} を読み込み中</translation>
    </message>
    <message>
        <source>{0} readings</source>
        <translation>測定値 {0} 件</translation>
    </message>
    <message>
        <source>{0} readings of {1} sample labels, profile {2}</source>
        <translation>試料ラベル {1} 件の測定値 {0} 件、プロファイル {2}</translation>
    </message>
    <message>
        <source>Nothing can be imported from this file. Go back to choose another file or profile.</source>
        <translation>このファイルからは何も取り込めません。戻って別のファイルまたはプロファイルを選択してください。</translation>
    </message>
</context>
<context>
    <name>ProblemsBox</name>
    <message>
        <source>failed QC check</source>
        <translation>不合格の QC チェック</translation>
    </message>
    <message>
        <source>unmatched sample label</source>
        <translation>未照合の試料ラベル</translation>
    </message>
    <message>
        <source>lot that cannot be certified</source>
        <translation>証明書を発行できないロット</translation>
    </message>
    <message>
        <source>This run has {0} failed QC check(s), {1} unmatched sample label(s) and {2} lot(s) that cannot be certified</source>
        <translation>このランには不合格の QC チェックが {0} 件、未照合の試料ラベルが {1} 件、証明書を発行できないロットが {2} 件あります</translation>
    </message>
    <message>
        <source>This run has {0} failed QC check(s) and {1} unmatched sample label(s)</source>
        <translation>このランには不合格の QC チェックが {0} 件、未照合の試料ラベルが {1} 件あります</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>I have seen these problems and sign over them</source>
        <translation>これらの問題を確認したうえで署名します</translation>
    </message>
    <message>
        <source>Why the run may be signed despite them (required)</source>
        <translation>問題があっても署名してよい理由(必須)</translation>
    </message>
    <message>
        <source>Tick the acknowledgement to sign over the failed QC checks and unmatched labels.</source>
        <translation>不合格の QC チェックと未照合ラベルがあるまま署名するには、確認のチェックを入れてください。</translation>
    </message>
    <message>
        <source>Give the reason for signing over these problems.</source>
        <translation>これらの問題があるまま署名する理由を入力してください。</translation>
    </message>
</context>
<context>
    <name>ProblemsDialog</name>
    <message>
        <source>Problems in {0}</source>
        <translation>{0} の問題</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>&amp;Copy all</source>
        <translation>すべてコピー(&amp;C)</translation>
    </message>
</context>
<context>
    <name>ProfileAssistant</name>
    <message>
        <source>New instrument format from {0}</source>
        <translation>{0} から新しい装置形式を作成</translation>
    </message>
    <message>
        <source>The row of the sample that holds the column names</source>
        <translation>列名が書かれているサンプルの行</translation>
    </message>
    <message>
        <source>2 when the column names take two rows (element, then field)</source>
        <translation>列名が2行にわたる場合 (元素、次に項目) は 2</translation>
    </message>
    <message>
        <source>One row per reading (long)</source>
        <translation>1行に1測定値 (縦持ち)</translation>
    </message>
    <message>
        <source>One row per sample (wide)</source>
        <translation>1行に1試料 (横持ち)</translation>
    </message>
    <message>
        <source>&amp;Assign role</source>
        <translation>役割を割り当て(&amp;A)</translation>
    </message>
    <message>
        <source>Give the selected column the chosen role (or double-click it)</source>
        <translation>選択した列に選んだ役割を割り当てます (ダブルクリックでも可)</translation>
    </message>
    <message>
        <source>Remove role</source>
        <translation>役割を外す</translation>
    </message>
    <message>
        <source>e.g. Err, for columns named like &apos;Ni Err&apos;</source>
        <translation>例: &apos;Ni Err&apos; のような列名なら Err</translation>
    </message>
    <message>
        <source>Sample type</source>
        <translation>試料種別</translation>
    </message>
    <message>
        <source>Select a column, choose its role and press Assign role.</source>
        <translation>列を選択し、役割を選んで「役割を割り当て」を押してください。</translation>
    </message>
    <message>
        <source>Reason (optional, kept in the audit trail)</source>
        <translation>理由 (任意、監査証跡に記録)</translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>プレビュー(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Tidy readings</source>
        <translation>整形済み測定値</translation>
    </message>
    <message>
        <source>Profile (TOML)</source>
        <translation>プロファイル (TOML)</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>シート</translation>
    </message>
    <message>
        <source>Sample:</source>
        <translation>サンプル:</translation>
    </message>
    <message>
        <source>Header row</source>
        <translation>見出し行</translation>
    </message>
    <message>
        <source>Header lines</source>
        <translation>見出しの行数</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>レイアウト</translation>
    </message>
    <message>
        <source>Column roles</source>
        <translation>列の役割</translation>
    </message>
    <message>
        <source>Select a column in the sample, then:</source>
        <translation>サンプルの列を選択してから:</translation>
    </message>
    <message>
        <source>Uncertainty column suffix (wide)</source>
        <translation>不確かさ列の接尾辞 (横持ち)</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>形式</translation>
    </message>
    <message>
        <source>Sample types</source>
        <translation>試料種別</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>フラグ</translation>
    </message>
    <message>
        <source>Sample label</source>
        <translation>試料ラベル</translation>
    </message>
    <message>
        <source>Analyte (element or line)</source>
        <translation>分析対象 (元素または波長)</translation>
    </message>
    <message>
        <source>Concentration</source>
        <translation>濃度</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>単位</translation>
    </message>
    <message>
        <source>Intensity</source>
        <translation>強度</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Uncertainty</source>
        <translation>不確かさ</translation>
    </message>
    <message>
        <source>Detection limit</source>
        <translation>検出限界</translation>
    </message>
    <message>
        <source>Replicate</source>
        <translation>繰り返し</translation>
    </message>
    <message>
        <source>Select a column in the sample first.</source>
        <translation>先にサンプルの列を選択してください。</translation>
    </message>
    <message>
        <source>Column {0} has no name in the header row; choose the row that names the columns.</source>
        <translation>列 {0} には見出し行に名前がありません。列名が書かれた行を選んでください。</translation>
    </message>
    <message>
        <source>{0} (not read in this layout)</source>
        <translation>{0} (このレイアウトでは読み取りません)</translation>
    </message>
    <message>
        <source>Not readable yet: {0}</source>
        <translation>まだ読み取れません: {0}</translation>
    </message>
    <message>
        <source>{0} readings of {1} samples read; the first {2} are shown.</source>
        <translation>{1} 試料の測定値 {0} 件を読み取りました。最初の {2} 件を表示しています。</translation>
    </message>
    <message>
        <source>Note: auto-detection would choose {0} for this file.</source>
        <translation>注意: 自動検出ではこのファイルに {0} が選ばれます。</translation>
    </message>
    <message>
        <source>Warnings: {0}</source>
        <translation>警告: {0}</translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>保存していません。</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>保存していません: {0}</translation>
    </message>
    <message>
        <source>Saved as {0}; imports detect this format from now on.</source>
        <translation>{0} として保存しました。以後の取り込みでこの形式を検出します。</translation>
    </message>
    <message>
        <source>Replace profile</source>
        <translation>プロファイルの置き換え</translation>
    </message>
    <message>
        <source>{0} exists. Replace it?</source>
        <translation>{0} は既に存在します。置き換えますか?</translation>
    </message>
</context>
<context>
    <name>ProfilesTab</name>
    <message>
        <source>Tr&amp;y a file...</source>
        <translation>ファイルを試す(&amp;Y)...</translation>
    </message>
    <message>
        <source>&amp;New format...</source>
        <translation>新しい形式(&amp;N)...</translation>
    </message>
    <message>
        <source>Describe a format no profile reads, on a sample export</source>
        <translation>どのプロファイルでも読めない形式を、サンプルのエクスポートを使って定義します</translation>
    </message>
    <message>
        <source>Choose an instrument export to see which profile reads it.</source>
        <translation>装置エクスポートを選択すると、どのプロファイルで読み込めるかを確認できます。</translation>
    </message>
    <message>
        <source>long: a row per reading</source>
        <translation>縦型：測定値ごとに 1 行</translation>
    </message>
    <message>
        <source>wide: a column per analyte</source>
        <translation>横型：分析対象ごとに 1 列</translation>
    </message>
    <message>
        <source>blocks: a block per sample</source>
        <translation>ブロック型：試料ごとに 1 ブロック</translation>
    </message>
    <message>
        <source>positional: fields by position</source>
        <translation>位置型：項目を位置で識別</translation>
    </message>
    <message>
        <source>real exports</source>
        <translation>実際の出力ファイル</translation>
    </message>
    <message>
        <source>the vendor&apos;s documentation</source>
        <translation>メーカーの文書</translation>
    </message>
    <message>
        <source>Try an instrument export</source>
        <translation>装置エクスポートを試す</translation>
    </message>
    <message>
        <source>Instrument exports (*.csv *.txt *.xlsx *.xls);;All files (*)</source>
        <translation>装置エクスポート (*.csv *.txt *.xlsx *.xls);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>{0}: recognised as {1}, but it cannot be read</source>
        <translation>{0}: {1} として認識されましたが、読み込めません</translation>
    </message>
    <message>
        <source>{0}: read by {1} ({2} columns found by their names), {3} readings; the first {4} are shown</source>
        <translation>{0}: {1} で読み取り (列名で {2} 列を検出)、測定値 {3} 件。最初の {4} 件を表示しています</translation>
    </message>
    <message>
        <source>Choose a sample export of the new format</source>
        <translation>新しい形式のサンプルエクスポートを選択</translation>
    </message>
    <message>
        <source>Profile {0} saved to {1}.</source>
        <translation>プロファイル {0} を {1} に保存しました。</translation>
    </message>
    <message>
        <source>installed with labapp</source>
        <translation>labapp 付属</translation>
    </message>
    <message>
        <source>this laboratory</source>
        <translation>当試験所</translation>
    </message>
</context>
<context>
    <name>Progress</name>
    <message>
        <source>reading the run</source>
        <translation>ランを読み込み中</translation>
    </message>
    <message>
        <source>calibrating</source>
        <translation>検量線を作成中</translation>
    </message>
    <message>
        <source>fitting lines for the plots</source>
        <translation>グラフ用に回帰線を計算中</translation>
    </message>
    <message>
        <source>storing results</source>
        <translation>結果を保存中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>corrections, calibration and QC</source>
        <translation>補正、検量線、QC</translation>
    </message>
    <message>
        <source>solid content and uncertainty</source>
        <translation>固体中の含有量と不確かさ</translation>
    </message>
    <message>
        <source>reportable results</source>
        <translation>報告値</translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Ctrl+.</source>
        <translation>Ctrl+.</translation>
    </message>
    <message>
        <source>Stop the work; nothing is saved (Ctrl+.)</source>
        <translation>処理を中止します。何も保存されません (Ctrl+.)</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>キャンセルしています...</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Drive</source>
        <translation>ドライブ</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>場所(&amp;L):</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>ファイルの種類(&amp;T):</translation>
    </message>
</context>
<context>
    <name>QcNotes</name>
    <message>
        <source>no expected value</source>
        <translation>期待値なし</translation>
    </message>
    <message>
        <source>no certified value</source>
        <translation>認証値なし</translation>
    </message>
    <message>
        <source>no LOQ known</source>
        <translation>定量下限が不明</translation>
    </message>
    <message>
        <source>no unspiked parent or amount added</source>
        <translation>無添加の元試料または添加量なし</translation>
    </message>
    <message>
        <source>unspiked result above the ratio limit</source>
        <translation>無添加試料の結果が比の限度を超過</translation>
    </message>
    <message>
        <source>no parent result</source>
        <translation>元試料の結果なし</translation>
    </message>
    <message>
        <source>below the LOQ multiple</source>
        <translation>定量下限の倍数未満</translation>
    </message>
    <message>
        <source>non-linear model</source>
        <translation>非直線モデル</translation>
    </message>
    <message>
        <source>too few points</source>
        <translation>点数不足</translation>
    </message>
    <message>
        <source>XRF results table without check solutions</source>
        <translation>チェック溶液のない XRF 結果表</translation>
    </message>
    <message>
        <source>internal standard {0}</source>
        <translation>内標準 {0}</translation>
    </message>
    <message>
        <source>{0} samples after the last CCV</source>
        <translation>最後の CCV 後に試料 {0} 件</translation>
    </message>
    <message>
        <source>affects {0}</source>
        <translation>影響：{0}</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>QuickImportDialog</name>
    <message>
        <source>Import an instrument run</source>
        <translation>装置ランの取り込み</translation>
    </message>
    <message>
        <source>Reading {0}...</source>
        <translation>{0} を読み込み中...</translation>
    </message>
    <message>
        <source>Import again even if this exact file was imported before</source>
        <translation>同じファイルが取り込み済みでも再度取り込む</translation>
    </message>
    <message>
        <source>The run was not imported</source>
        <translation>ランは取り込まれませんでした</translation>
    </message>
    <message>
        <source>Instrument profile</source>
        <translation>装置プロファイル</translation>
    </message>
    <message>
        <source>&amp;Run name</source>
        <translation>ラン名(&amp;R)</translation>
    </message>
    <message>
        <source>Readings</source>
        <translation>測定値</translation>
    </message>
    <message>
        <source>Lots matched</source>
        <translation>照合されたロット</translation>
    </message>
    <message>
        <source>Not matched</source>
        <translation>未照合</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>取り込み(&amp;I)</translation>
    </message>
    <message>
        <source>Ctrl+Return</source>
        <translation>Ctrl+Return</translation>
    </message>
    <message>
        <source>C&amp;hange...</source>
        <translation>変更(&amp;H)...</translation>
    </message>
    <message>
        <source>Open the full import wizard: another profile, a preview of every reading, labels assigned by hand</source>
        <translation>詳細な取り込みウィザードを開きます（別のプロファイル、全測定値のプレビュー、ラベルの手動割り当て）</translation>
    </message>
    <message>
        <source>Reading the file...</source>
        <translation>ファイルを読み込み中...</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt; is ready to import.</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt; を取り込む準備ができました。</translation>
    </message>
    <message>
        <source>{0} ({1}, {2}), recognised</source>
        <translation>{0}（{1}、{2}）と認識しました</translation>
    </message>
    <message>
        <source>{0} readings; {1} QC solutions</source>
        <translation>測定値 {0} 件、QC 溶液 {1} 件</translation>
    </message>
    <message>
        <source>{0} sample label(s) of lots {1}</source>
        <translation>ロット {1} の試料ラベル {0} 件</translation>
    </message>
    <message>
        <source>none: no sample matches a registered lot</source>
        <translation>なし: 登録済みロットに一致する試料はありません</translation>
    </message>
    <message>
        <source>{0}: stored unmatched (Change... assigns them by hand)</source>
        <translation>{0}: 未照合のまま保存されます（「変更...」で手動で割り当てできます）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>{0} label(s) match a lot that is already released: stored, not linked.</source>
        <translation>{0} 件のラベルがリリース済みのロットに一致します: 保存されますが、紐付けられません。</translation>
    </message>
    <message>
        <source>This exact file was imported before (as {0}): import it again</source>
        <translation>このファイルは「{0}」として取り込み済みです: 再度取り込む</translation>
    </message>
    <message>
        <source>Archiving and storing {0}</source>
        <translation>{0} を保管・保存中</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>何も取り込まれませんでした。</translation>
    </message>
    <message>
        <source>The file cannot be read with the profile that recognised it: Change... lets you choose another profile.</source>
        <translation>認識したプロファイルではこのファイルを読み込めません: 「変更...」で別のプロファイルを選択できます。</translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <source>yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>no</source>
        <translation>いいえ</translation>
    </message>
</context>
<context>
    <name>RecoveryPlot</name>
    <message>
        <source>Position in run (solution number)</source>
        <translation>ラン内の位置（溶液番号）</translation>
    </message>
    <message>
        <source>Recovery (%)</source>
        <translation>回収率 (%)</translation>
    </message>
    <message>
        <source>No element chosen</source>
        <translation>元素が選択されていません</translation>
    </message>
    <message>
        <source>{0} elements</source>
        <translation>{0} 元素</translation>
    </message>
    <message>
        <source>{0}: {1} checks, {2} outside the limits</source>
        <translation>{0}: チェック {1} 件、管理限界外 {2} 件</translation>
    </message>
</context>
<context>
    <name>ResultDetailPane</name>
    <message>
        <source>(lot result)</source>
        <translation>（ロット結果）</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>入力量</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>成分</translation>
    </message>
    <message>
        <source>u</source>
        <translation>u</translation>
    </message>
    <message>
        <source>Sensitivity</source>
        <translation>感度係数</translation>
    </message>
    <message>
        <source>Share %</source>
        <translation>寄与率 %</translation>
    </message>
    <message>
        <source>dof</source>
        <translation>自由度</translation>
    </message>
    <message>
        <source>Shared with other analytes (r)</source>
        <translation>他の分析対象との共有（r）</translation>
    </message>
    <message>
        <source>When (UTC)</source>
        <translation>日時 (UTC)</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>実行者</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>変更内容</translation>
    </message>
    <message>
        <source>Uncertainty budget</source>
        <translation>不確かさの収支</translation>
    </message>
    <message>
        <source>Components</source>
        <translation>成分</translation>
    </message>
    <message>
        <source>Calculation inputs</source>
        <translation>計算入力</translation>
    </message>
    <message>
        <source>Audit history</source>
        <translation>監査履歴</translation>
    </message>
    <message>
        <source>override</source>
        <translation>上書き</translation>
    </message>
    <message>
        <source>not named</source>
        <translation>入力量の名前なし</translation>
    </message>
</context>
<context>
    <name>ResultEditing</name>
    <message>
        <source>{0} is {1}: exclusions and overrides are possible only while the run is with the technician (imported, calculated or returned). A submitted run must be returned by the reviewer first; an approved run is final (amend or retract the certificate instead).</source>
        <translation>{0} は{1}です。除外と手動修正は、ランが分析担当者の手元にある間（取込済み・計算済み・差戻し）のみ可能です。提出済みのランはまずレビュー担当者が差し戻す必要があります。承認済みのランは確定しています（代わりに成績書を訂正または取消してください）。</translation>
    </message>
    <message>
        <source>Reason (kept in the audit trail):</source>
        <translation>理由（監査証跡に記録されます）:</translation>
    </message>
    <message>
        <source>New value:</source>
        <translation>新しい値:</translation>
    </message>
    <message>
        <source>Only a lot&apos;s reported value can be overridden: exclude the preparation instead.</source>
        <translation>手動修正できるのはロットの報告値のみです。前処理試料は除外してください。</translation>
    </message>
    <message>
        <source>Override {0} of lot {1}</source>
        <translation>ロット {1} の {0} を手動修正</translation>
    </message>
    <message>
        <source>Overridden with its reason; the result is flagged as overridden.</source>
        <translation>理由とともに手動修正しました。結果には手動修正のフラグが付きます。</translation>
    </message>
    <message>
        <source>Choose a preparation&apos;s row to exclude (a lot&apos;s value is their mean).</source>
        <translation>除外する前処理試料の行を選択してください（ロットの値はそれらの平均です）。</translation>
    </message>
    <message>
        <source>Exclude {0} of {1} from its lot&apos;s value</source>
        <translation>{1} の {0} をロットの値から除外</translation>
    </message>
    <message>
        <source>Recalculating with the change...</source>
        <translation>変更を反映して再計算しています...</translation>
    </message>
    <message>
        <source>Override this value...</source>
        <translation>この値を手動修正...</translation>
    </message>
    <message>
        <source>Exclude this preparation...</source>
        <translation>この前処理試料を除外...</translation>
    </message>
    <message>
        <source>Right-click a lot&apos;s row to override its value, a preparation&apos;s row to exclude it.</source>
        <translation>ロットの行を右クリックすると値を手動修正、前処理試料の行を右クリックすると除外できます。</translation>
    </message>
</context>
<context>
    <name>ResultsPage</name>
    <message>
        <source>Run</source>
        <translation>ラン</translation>
    </message>
    <message>
        <source>Reading results...</source>
        <translation>結果を読み込んでいます...</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Show all runs</source>
        <translation>すべてのランを表示</translation>
    </message>
    <message>
        <source>QC check</source>
        <translation>精度管理チェック</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>合格</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>変更</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>電子署名</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>ステータス</translation>
    </message>
    <message>
        <source>Acknowledged problems</source>
        <translation>確認済みの問題</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>When (UTC)</source>
        <translation>日時 (UTC)</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>実行者</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>QC summary</source>
        <translation>精度管理の概要</translation>
    </message>
    <message>
        <source>To acknowledge</source>
        <translation>確認が必要</translation>
    </message>
    <message>
        <source>Flagged results</source>
        <translation>フラグ付きの結果</translation>
    </message>
    <message>
        <source>Overridden results</source>
        <translation>上書きされた結果</translation>
    </message>
    <message>
        <source>Grades</source>
        <translation>等級</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>電子署名</translation>
    </message>
    <message>
        <source>Audit history</source>
        <translation>監査履歴</translation>
    </message>
    <message>
        <source>Re&amp;view...</source>
        <translation>レビュー(&amp;V)...</translation>
    </message>
    <message>
        <source>&amp;Approve...</source>
        <translation>承認(&amp;A)...</translation>
    </message>
    <message>
        <source>Re&amp;ject...</source>
        <translation>差戻し(&amp;J)...</translation>
    </message>
    <message>
        <source>a reviewer or QA manager</source>
        <translation>レビュー担当者または QA マネージャー</translation>
    </message>
    <message>
        <source>All runs: {0}</source>
        <translation>全ラン: {0}</translation>
    </message>
    <message>
        <source>{0} run(s) waiting for {1}</source>
        <translation>{1} 待ちのラン {0} 件</translation>
    </message>
    <message>
        <source>{0} ({1}): changed by {2}, {3} UTC: {4}</source>
        <translation>{0}({1}): {2} が {3} UTC に変更: {4}</translation>
    </message>
    <message>
        <source>no certificate yet</source>
        <translation>成績書未発行</translation>
    </message>
    <message>
        <source>Lots needing amendment: {0}</source>
        <translation>訂正が必要なロット: {0}</translation>
    </message>
    <message>
        <source>Nothing to review.</source>
        <translation>レビュー対象はありません。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt; ({1}) is &lt;b&gt;{2}&lt;/b&gt;; imported by {3}; second review {4}; {5} QC failure(s), {6} flagged result(s), {7} override(s)</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;（{1}）は&lt;b&gt;{2}&lt;/b&gt;です。取込み者 {3}、二次レビュー {4}、精度管理不合格 {5} 件、フラグ付き結果 {6} 件、上書き {7} 件</translation>
    </message>
    <message>
        <source>on</source>
        <translation>あり</translation>
    </message>
    <message>
        <source>off</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Second review is switched off: a submitted run goes straight to approval.</source>
        <translation>二次レビューはオフです。提出済みのランはそのまま承認に進みます。</translation>
    </message>
    <message>
        <source>The run is {0}; to {1} it, it must be {2}.</source>
        <translation>この分析ランは{0}です。{1}できるのは{2}のランだけです。</translation>
    </message>
    <message>
        <source> or </source>
        <translation>または</translation>
    </message>
    <message>
        <source>{0} failed QC check(s) and {1} unmatched sample label(s): reviewing or approving this run needs an acknowledgement with a reason.</source>
        <translation>不合格の QC チェック {0} 件、未照合の試料ラベル {1} 件: このランのレビューまたは承認には、理由を添えた確認が必要です。</translation>
    </message>
    <message>
        <source>Choose a run in the queue first.</source>
        <translation>先にキューからランを選択してください。</translation>
    </message>
    <message>
        <source>; lots approved: {0}</source>
        <translation>、承認済みロット: {0}</translation>
    </message>
    <message>
        <source>{0} is {1}{2}</source>
        <translation>{0} は {1}{2}</translation>
    </message>
</context>
<context>
    <name>RoleGate</name>
    <message>
        <source>register lots</source>
        <translation>ロットの登録</translation>
    </message>
    <message>
        <source>edit lots</source>
        <translation>ロットの編集</translation>
    </message>
    <message>
        <source>import instrument runs</source>
        <translation>装置ランの取込み</translation>
    </message>
    <message>
        <source>calculate runs</source>
        <translation>ランの計算</translation>
    </message>
    <message>
        <source>grade lots</source>
        <translation>ロットの等級判定</translation>
    </message>
    <message>
        <source>exclude or override results</source>
        <translation>結果の除外・上書き</translation>
    </message>
    <message>
        <source>submit runs for review</source>
        <translation>ランのレビュー提出</translation>
    </message>
    <message>
        <source>review runs</source>
        <translation>ランのレビュー</translation>
    </message>
    <message>
        <source>approve runs</source>
        <translation>ランの承認</translation>
    </message>
    <message>
        <source>reject runs</source>
        <translation>ランの差し戻し</translation>
    </message>
    <message>
        <source>issue certificates</source>
        <translation>成績書の発行</translation>
    </message>
    <message>
        <source>retract certificates</source>
        <translation>成績書の撤回</translation>
    </message>
    <message>
        <source>manage users</source>
        <translation>ユーザー管理</translation>
    </message>
    <message>
        <source>manage signing keys</source>
        <translation>署名鍵の管理</translation>
    </message>
    <message>
        <source>manage methods</source>
        <translation>分析方法の管理</translation>
    </message>
    <message>
        <source>manage criteria sets</source>
        <translation>判定基準セットの管理</translation>
    </message>
    <message>
        <source>manage instrument profiles</source>
        <translation>装置プロファイルの管理</translation>
    </message>
    <message>
        <source>view the audit trail</source>
        <translation>監査証跡の閲覧</translation>
    </message>
    <message>
        <source>change the laboratory settings</source>
        <translation>試験所設定の変更</translation>
    </message>
    <message>
        <source>{0} or {1}</source>
        <translation>{0}または{1}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Only an {0} may {1}.</source>
        <translation>{1}は{0}のみが行えます。</translation>
    </message>
    <message>
        <source>Only a {0} may {1}.</source>
        <translation>{1}は{0}のみが行えます。</translation>
    </message>
    <message>
        <source>They sign here with their own user name and password.</source>
        <translation>その担当者がここで自分のユーザー名とパスワードで署名します。</translation>
    </message>
</context>
<context>
    <name>RunViewPage</name>
    <message>
        <source>Run</source>
        <translation>ラン</translation>
    </message>
    <message>
        <source>&amp;Calculate</source>
        <translation>計算(&amp;C)</translation>
    </message>
    <message>
        <source>Calculate the run&apos;s results, QC and uncertainty (F9)</source>
        <translation>ランの結果、精度管理、不確かさを計算します (F9)</translation>
    </message>
    <message>
        <source>&amp;Submit for review...</source>
        <translation>レビューに提出(&amp;S)...</translation>
    </message>
    <message>
        <source>Sign the calculated run as its author (Ctrl+Shift+S)</source>
        <translation>計算済みのランに作成者として署名します (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>検量線</translation>
    </message>
    <message>
        <source>QC checks</source>
        <translation>精度管理チェック</translation>
    </message>
    <message>
        <source>CCV recovery</source>
        <translation>CCV 回収率</translation>
    </message>
    <message>
        <source>Click a standard to take it off the curve; click a hollow one to put it back.</source>
        <translation>標準液の点をクリックすると検量線から除外し、白抜きの点をクリックすると元に戻します。</translation>
    </message>
    <message>
        <source>Right-click a standard to exclude it or one of its replicates, or to put it back.</source>
        <translation>標準液を右クリックすると、その点または繰返し測定値を除外、または元に戻せます。</translation>
    </message>
    <message>
        <source>Calibrating...</source>
        <translation>検量線を作成しています...</translation>
    </message>
    <message>
        <source>This run reports concentrations (no calibration standards in the file): nothing to plot.</source>
        <translation>このランは濃度を報告しています（ファイルに検量線用標準液がありません）。表示するものはありません。</translation>
    </message>
    <message>
        <source>{0}: {1} fit, weighting {2}, n = {3}, r = {4:.6f}, s(y) = {5:.4g}; Mandel test: {6}{7}</source>
        <translation>{0}: {1}回帰、重み付け {2}、n = {3}、r = {4:.6f}、s(y) = {5:.4g}、Mandel 検定: {6}{7}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>; weighting not testable (too few replicated standards)</source>
        <translation>；重み付けは検定不可（繰返し測定のある標準液が不足）</translation>
    </message>
    <message>
        <source>; replicate SDs support weighting {0} (variance ~ x^{1:.2f}; p of the used: {2:.3f})</source>
        <translation>；繰返し標準偏差が支持する重み付け {0}（分散 ∝ x^{1:.2f}；使用した重み付けの p = {2:.3f}）</translation>
    </message>
    <message>
        <source>Choose a run first (or import one: File &gt; Import instrument export).</source>
        <translation>先にランを選択してください（または取り込んでください: ファイル &gt; 装置エクスポートを取込み）。</translation>
    </message>
    <message>
        <source>Calculating...</source>
        <translation>計算しています...</translation>
    </message>
    <message>
        <source>{0}: {1} reportable results, QC {2} ({3} of {4} checks failed)</source>
        <translation>{0}: 報告結果 {1} 件、精度管理 {2}（チェック {4} 件中 {3} 件不合格）</translation>
    </message>
    <message>
        <source>.</source>
        <translation>。</translation>
    </message>
    <message>
        <source>; {0} sample label(s) unmatched. Signing this run needs an acknowledgement of the failed QC checks and unmatched labels.</source>
        <translation>。未照合の試料ラベル {0} 件。このランに署名するには、不合格の QC チェックと未照合ラベルの確認が必要です。</translation>
    </message>
    <message>
        <source>Choose a run to submit.</source>
        <translation>提出するランを選択してください。</translation>
    </message>
    <message>
        <source>{0} is {1}: {2}</source>
        <translation>{0} は {1}: {2}</translation>
    </message>
</context>
<context>
    <name>SampleTypeWords</name>
    <message>
        <source>Word in the sample label</source>
        <translation>試料ラベル中の語</translation>
    </message>
    <message>
        <source>Sample type</source>
        <translation>試料種別</translation>
    </message>
    <message>
        <source>Add word</source>
        <translation>語を追加</translation>
    </message>
    <message>
        <source>Remove word</source>
        <translation>語を削除</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>試料</translation>
    </message>
    <message>
        <source>Blank</source>
        <translation>ブランク</translation>
    </message>
    <message>
        <source>Calibration standard</source>
        <translation>検量線標準</translation>
    </message>
    <message>
        <source>Check standard</source>
        <translation>確認標準</translation>
    </message>
    <message>
        <source>Check blank</source>
        <translation>確認ブランク</translation>
    </message>
    <message>
        <source>Reference material (CRM)</source>
        <translation>標準物質 (CRM)</translation>
    </message>
    <message>
        <source>Spike</source>
        <translation>添加試料</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>併行試料</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>不明</translation>
    </message>
</context>
<context>
    <name>SessionLock</name>
    <message>
        <source>Locked: {0} ({1})</source>
        <translation>ロック中: {0}（{1}）</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Preferences</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>言語(&amp;L):</translation>
    </message>
    <message>
        <source>A new language applies after labapp is restarted.</source>
        <translation>新しい言語は labapp の再起動後に適用されます。</translation>
    </message>
    <message>
        <source>&amp;Certificates folder:</source>
        <translation>成績書フォルダー(&amp;C):</translation>
    </message>
    <message>
        <source>Instrument &amp;exports:</source>
        <translation>装置エクスポート(&amp;E):</translation>
    </message>
    <message>
        <source>Lot &amp;manifests:</source>
        <translation>ロットマニフェスト(&amp;M):</translation>
    </message>
</context>
<context>
    <name>SettlementPage</name>
    <message>
        <source>Terms file (TOML) with payables, prices and limits</source>
        <translation>支払率・価格・リミットを記載した契約条件ファイル（TOML）</translation>
    </message>
    <message>
        <source>&amp;Terms file...</source>
        <translation>契約条件ファイル(&amp;T)...</translation>
    </message>
    <message>
        <source>&amp;Compute</source>
        <translation>計算(&amp;C)</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>ロット</translation>
    </message>
    <message>
        <source>Laboratory of the report</source>
        <translation>報告書の分析所</translation>
    </message>
    <message>
        <source>Report number</source>
        <translation>報告書番号</translation>
    </message>
    <message>
        <source>Reason (to correct an entry)</source>
        <translation>理由（入力を訂正する場合）</translation>
    </message>
    <message>
        <source>&amp;Record assay</source>
        <translation>分析値を記録(&amp;R)</translation>
    </message>
    <message>
        <source>C&amp;onfirm assay</source>
        <translation>分析値を確認(&amp;O)</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英語</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日本語</translation>
    </message>
    <message>
        <source>English + Japanese</source>
        <translation>英語 + 日本語</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Statement PDF to write</source>
        <translation>出力する明細書 PDF</translation>
    </message>
    <message>
        <source>Keys folder (default: the database&apos;s)</source>
        <translation>鍵フォルダー（既定：データベースの鍵フォルダー）</translation>
    </message>
    <message>
        <source>Pro&amp;visional</source>
        <translation>暫定(&amp;V)</translation>
    </message>
    <message>
        <source>Only while an element awaits an assay: the statement has no final value and the final one supersedes it.</source>
        <translation>分析値が未決の元素がある間だけ発行できます。最終精算金額は記載されず、最終の精算明細書により置き換えられます。</translation>
    </message>
    <message>
        <source>&amp;Issue statement...</source>
        <translation>明細書を発行(&amp;I)...</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>精算明細書</translation>
    </message>
    <message>
        <source>Settlement terms</source>
        <translation>契約条件</translation>
    </message>
    <message>
        <source>Settlement terms (*.toml *.csv);;All files (*)</source>
        <translation>精算条件ファイル (*.toml *.csv);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Choose the terms file of the contract to compute the settlement.</source>
        <translation>精算を計算するには契約の条件ファイルを選択してください。</translation>
    </message>
    <message>
        <source>{0}: contract {1}; dry mass {2} t; value on the laboratory&apos;s assays {3} ± {4} {5}; final settlement value: {6}</source>
        <translation>{0}：契約 {1}、乾量 {2} t、当試験所分析値による金額 {3} ± {4} {5}、最終精算金額：{6}</translation>
    </message>
    <message>
        <source>not final ({0} outstanding)</source>
        <translation>未確定（{0} が未決）</translation>
    </message>
    <message>
        <source>Compute the settlement first: the terms file names the payable elements.</source>
        <translation>先に精算を計算してください。支払対象の元素は契約条件ファイルに記載されています。</translation>
    </message>
    <message>
        <source>{0} assay of {1} recorded; another person confirms it.</source>
        <translation>{1} の{0}の分析値を記録しました。別の担当者が確認します。</translation>
    </message>
    <message>
        <source>{0} assay of {1} confirmed.</source>
        <translation>{1} の{0}の分析値を確認しました。</translation>
    </message>
    <message>
        <source>Choose the terms file of the contract first.</source>
        <translation>先に契約の条件ファイルを選択してください。</translation>
    </message>
    <message>
        <source>Signing the settlement statement...</source>
        <translation>精算明細書に署名しています...</translation>
    </message>
    <message>
        <source>Provisional settlement statement signed: {0} (not final: {1} outstanding)</source>
        <translation>暫定精算明細書に署名しました：{0}（未確定：{1} が未決）</translation>
    </message>
    <message>
        <source>Settlement statement signed: {0} ({1} {2})</source>
        <translation>精算明細書に署名しました：{0}（{1} {2}）</translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <source>Electronic signature</source>
        <translation>電子署名</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必須</translation>
    </message>
    <message>
        <source>Optional, stored with the signature</source>
        <translation>任意、署名とともに保存されます</translation>
    </message>
    <message>
        <source>Signer</source>
        <translation>署名者</translation>
    </message>
    <message>
        <source>Signing</source>
        <translation>署名対象</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>署名の意味</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>パスワード(&amp;P)</translation>
    </message>
    <message>
        <source>Signing &amp;key passphrase</source>
        <translation>署名鍵のパスフレーズ(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>理由(&amp;R)</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>署名</translation>
    </message>
    <message>
        <source>Your password re-confirms your identity; the signature, its meaning and the time are recorded and shown wherever the record is shown.</source>
        <translation>パスワードで本人確認を再度行います。署名、その意味、日時は記録され、記録が表示される箇所すべてに表示されます。</translation>
    </message>
    <message>
        <source>Sign with your own user name and password, also at a colleague&apos;s session: the signature, its meaning and the time are recorded under your name.</source>
        <translation>同僚のセッションでも、自分のユーザー名とパスワードで署名してください: 署名、その意味と日時はあなたの名前で記録されます。</translation>
    </message>
    <message>
        <source>You hold a personal signing key: the signature is also made with it, so that no one without your key can change what you signed unnoticed.</source>
        <translation>あなたは個人の署名鍵を持っています。署名はこの鍵でも行われるため、あなたの鍵を持たない者が署名した内容を気付かれずに変更することはできません。</translation>
    </message>
    <message>
        <source>authored: I performed this work and the results are complete</source>
        <translation>作成: 私がこの作業を行い、結果は完全です</translation>
    </message>
    <message>
        <source>reviewed: I checked the QC, the results and the calculation</source>
        <translation>レビュー: 精度管理、結果、計算を確認しました</translation>
    </message>
    <message>
        <source>approved: the results are released for certification</source>
        <translation>承認: 結果を成績書発行のためにリリースします</translation>
    </message>
    <message>
        <source>rejected: the run goes back to the technician</source>
        <translation>差戻し: ランを分析担当者に戻します</translation>
    </message>
    <message>
        <source>approved: I issue this certificate of analysis</source>
        <translation>承認: この分析証明書を発行します</translation>
    </message>
    <message>
        <source>approved: I issue a corrected revision of this certificate</source>
        <translation>承認: この成績書の訂正版を発行します</translation>
    </message>
    <message>
        <source>retracted: this certificate is withdrawn</source>
        <translation>取消: この成績書を撤回します</translation>
    </message>
    <message>
        <source>amended: I change released data for the reason given; the lot and its certificate need amendment</source>
        <translation>訂正: 記載の理由によりリリース済みデータを変更します。ロットとその成績書は訂正が必要になります</translation>
    </message>
    <message>
        <source>Enter the signer&apos;s user name.</source>
        <translation>署名者のユーザー名を入力してください。</translation>
    </message>
    <message>
        <source>Enter your password to sign.</source>
        <translation>署名するにはパスワードを入力してください。</translation>
    </message>
    <message>
        <source>Enter the passphrase of your signing key.</source>
        <translation>署名鍵のパスフレーズを入力してください。</translation>
    </message>
    <message>
        <source>A reason is required for this signature.</source>
        <translation>この署名には理由が必要です。</translation>
    </message>
</context>
<context>
    <name>SignatureText</name>
    <message>
        <source>{0} failed QC check(s)</source>
        <translation>QC 不合格 {0} 件</translation>
    </message>
    <message>
        <source>{0} unmatched sample label(s)</source>
        <translation>未照合の試料ラベル {0} 件</translation>
    </message>
    <message>
        <source>{0} lot(s) that cannot be certified</source>
        <translation>成績書を発行できないロット {0} 件</translation>
    </message>
    <message>
        <source>{0} ({1}), {2} UTC (local offset {3}), {4}</source>
        <translation>{0}（{1}）、{2} UTC（現地時刻との差 {3}）、{4}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>SignerField</name>
    <message>
        <source>user name of the person signing</source>
        <translation>署名する人のユーザー名</translation>
    </message>
</context>
<context>
    <name>StatementSignatureDialog</name>
    <message>
        <source>approved: I issue this settlement statement</source>
        <translation>承認: この精算明細書を発行します</translation>
    </message>
</context>
<context>
    <name>TablePage</name>
    <message>
        <source>Filter (any column)</source>
        <translation>フィルター（すべての列）</translation>
    </message>
</context>
<context>
    <name>UsersTab</name>
    <message>
        <source>Technician</source>
        <translation>分析担当者</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>レビュー担当者</translation>
    </message>
    <message>
        <source>QA manager</source>
        <translation>品質保証責任者</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理者</translation>
    </message>
    <message>
        <source>&amp;Add user...</source>
        <translation>ユーザーを追加(&amp;A)...</translation>
    </message>
    <message>
        <source>Change &amp;roles...</source>
        <translation>役割を変更(&amp;R)...</translation>
    </message>
    <message>
        <source>Reset pass&amp;word...</source>
        <translation>パスワードをリセット(&amp;W)...</translation>
    </message>
    <message>
        <source>&amp;Deactivate...</source>
        <translation>無効化(&amp;D)...</translation>
    </message>
    <message>
        <source>Select a user in the list first.</source>
        <translation>先に一覧でユーザーを選択してください。</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>ユーザーの追加</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>ユーザー名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Full name (as printed)</source>
        <translation>氏名（印字用）(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>パスワード(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Confirm password</source>
        <translation>パスワード（確認）(&amp;C)</translation>
    </message>
    <message>
        <source>Enter a user name.</source>
        <translation>ユーザー名を入力してください。</translation>
    </message>
    <message>
        <source>Enter the full name as it is printed on certificates.</source>
        <translation>成績書に印字される氏名を入力してください。</translation>
    </message>
    <message>
        <source>Give at least one role.</source>
        <translation>役割を 1 つ以上選択してください。</translation>
    </message>
    <message>
        <source>Roles of {0}</source>
        <translation>{0} の役割</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>理由(&amp;R)</translation>
    </message>
    <message>
        <source>New password for {0}</source>
        <translation>{0} の新しいパスワード</translation>
    </message>
    <message>
        <source>&amp;New password</source>
        <translation>新しいパスワード(&amp;N)</translation>
    </message>
    <message>
        <source>Deactivate {0}</source>
        <translation>{0} の無効化</translation>
    </message>
    <message>
        <source>Give the reason for the change.</source>
        <translation>変更の理由を入力してください。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>2 つのパスワードが一致しません。</translation>
    </message>
    <message>
        <source>Sign in as an administrator to change accounts.</source>
        <translation>アカウントを変更するには管理者としてサインインしてください。</translation>
    </message>
</context>
<context>
    <name>ValueText</name>
    <message>
        <source>minimum</source>
        <translation>下限</translation>
    </message>
    <message>
        <source>maximum</source>
        <translation>上限</translation>
    </message>
</context>
<context>
    <name>VerifyWindow</name>
    <message>
        <source>Verify a certificate</source>
        <translation>成績書の検証</translation>
    </message>
    <message>
        <source>Drop a certificate PDF here</source>
        <translation>成績書 PDF をここにドロップ</translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation>参照(&amp;B)...</translation>
    </message>
    <message>
        <source>PEM certificate (*.pem);;All files (*)</source>
        <translation>PEM 証明書 (*.pem);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Laboratory root certificate (PEM); empty: the local keystore&apos;s</source>
        <translation>試験所のルート証明書 (PEM)。空欄の場合はローカル鍵ストアのもの</translation>
    </message>
    <message>
        <source>Root certificate</source>
        <translation>ルート証明書</translation>
    </message>
    <message>
        <source>Keys folder</source>
        <translation>鍵フォルダー</translation>
    </message>
    <message>
        <source>Certificate to verify</source>
        <translation>検証する成績書</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;All files (*)</source>
        <translation>PDF (*.pdf);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Cannot verify: {0}</source>
        <translation>検証できません: {0}</translation>
    </message>
    <message>
        <source>VALID: signed, whole file, trusted, current</source>
        <translation>有効: 署名あり、ファイル全体、信頼済み、最新</translation>
    </message>
    <message>
        <source>NOT VALID: {0}</source>
        <translation>無効: {0}</translation>
    </message>
    <message>
        <source>Certificate: {0}</source>
        <translation>成績書: {0}</translation>
    </message>
    <message>
        <source>Signer: {0}</source>
        <translation>署名者: {0}</translation>
    </message>
    <message>
        <source>Signed at: {0}</source>
        <translation>署名日時: {0}</translation>
    </message>
    <message>
        <source>Reason: {0}</source>
        <translation>理由: {0}</translation>
    </message>
    <message>
        <source>Currency: {0}</source>
        <translation>最新性: {0}</translation>
    </message>
</context>
<context>
    <name>ViewPage</name>
    <message>
        <source>Wait for the running work to finish (or cancel it).</source>
        <translation>実行中の処理が終わるまで待つか、キャンセルしてください。</translation>
    </message>
</context>
<context>
    <name>WorklistBox</name>
    <message>
        <source>Waiting for you</source>
        <translation>あなたの作業待ち</translation>
    </message>
    <message>
        <source>Lots received and waiting for analysis: {0}</source>
        <translation>受入済みで分析待ちのロット: {0}</translation>
    </message>
    <message>
        <source>Runs to calculate: {0}</source>
        <translation>計算待ちの測定ラン: {0}</translation>
    </message>
    <message>
        <source>Submitted runs for you to review or approve: {0}</source>
        <translation>レビューまたは承認を待つ提出済みラン: {0}</translation>
    </message>
    <message>
        <source>Approved lots waiting for their certificate: {0}</source>
        <translation>成績書の発行を待つ承認済みロット: {0}</translation>
    </message>
    <message>
        <source>Runs with failed QC checks to look at: {0}</source>
        <translation>確認が必要なQC不合格のラン: {0}</translation>
    </message>
    <message>
        <source>Panel tests to verify: {0}</source>
        <translation>確認待ちのパネル試験: {0}</translation>
    </message>
</context>
<context>
    <name>run_desktop</name>
    <message>
        <source>labapp</source>
        <translation>labapp</translation>
    </message>
</context>
</TS>
