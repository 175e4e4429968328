/**
 * The public key of development builds: with `key` in the manifest, an unpacked dist/chrome has the
 * same extension id on every machine, which Chrome/Edge policies (storage.managed, ExtensionSettings)
 * need to address it and the real-Chromium tests need to write a managed policy for it. Only the
 * public half exists; nothing is signed with it. Release builds (`RELEASE=1 npm run build`) leave it
 * out, as the Chrome Web Store assigns its own id.
 * https://developer.chrome.com/docs/extensions/reference/manifest/key
 */
export const DEV_KEY =
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAoS/Fl3vi/+ZRQPV1/OYuLMIJ1W6rJWRjfgJn/IPWHChrZ3tRBIXIarHfV7UMOCiemsptwl416LGWIpRI/1jaFcS4dVMrmJZ5XuMY/YgbzvJnw+xUfFaSZ9zGexIRdrmTSUQwARksOoGhZWQdbn/IiuRxRqlEH05aHWMVeegqPaQpBpnunWl0G0KnJTfOhDHha4e021FFApF+whz0Sbo2jhOL+7+scFqwHbtEDsn3yqX/vA8bQwE7rbff00Zx/cAwysYKJMiLWdXuSR2b5Jb9kbEnzS6DMTAbhsjpfe/ldm5HytlFnFsWrCnZgxhJuhf3eeRg651MPYV9ek4ceDBwXwIDAQAB";

/** The id Chromium derives from DEV_KEY: the first 128 bits of its SHA-256, as letters a-p. */
export const DEV_EXTENSION_ID = "njcmfdfnaogifohpggaclafidemjabgh";
