<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>PassphraseDialog</name>
    <message>
      <source>Community data is encrypted</source>
      <translation>社区数据已加密</translation>
    </message>
    <message>
      <source>Passphrase</source>
      <translation>口令</translation>
    </message>
    <message>
      <source>This computer has no system keyring to keep the key of the community data. Set a passphrase of at least %1 characters: it will be asked at every start. Without it the data cannot be read, by anyone: write it down and keep it safe.</source>
      <translation>本机没有系统密钥库来保存社区数据的密钥。请设置一个至少 %1 个字符的口令，以后每次启动都会询问。没有口令，任何人都无法读取这些数据：请把它写下来并妥善保管。</translation>
    </message>
    <message>
      <source>Passphrase again</source>
      <translation>再次输入口令</translation>
    </message>
    <message>
      <source>The community data on this computer is encrypted. Enter the passphrase.</source>
      <translation>本机的社区数据已加密，请输入口令。</translation>
    </message>
    <message>
      <source>Set passphrase</source>
      <translation>设置口令</translation>
    </message>
    <message>
      <source>Unlock</source>
      <translation>解锁</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>退出</translation>
    </message>
    <message>
      <source>The two passphrases are not the same.</source>
      <translation>两次输入的口令不一致。</translation>
    </message>
  </context>
  <context>
    <name>EncryptDialog</name>
    <message>
      <source>Encrypting the community data</source>
      <translation>正在加密社区数据</translation>
    </message>
    <message>
      <source>The community database is encrypted once, now. A copy is encrypted and checked row by row before it replaces the unencrypted file: nothing is lost.</source>
      <translation>社区数据库现在进行一次性加密：先加密一份副本并逐行核对，再替换未加密的文件，数据不会丢失。</translation>
    </message>
  </context>
</TS>
