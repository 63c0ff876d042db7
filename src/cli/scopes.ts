/**
 * The OAuth scopes `handoff login` asks for. scripts.run needs a token that carries every scope the script uses,
 * so this is the manifest's oauthScopes (appsscript/appsscript.json; a unit test keeps the two equal). Sheets
 * reads (export, verify) are covered by `spreadsheets`.
 */
export const LOGIN_SCOPES: readonly string[] = [
  'https://www.googleapis.com/auth/spreadsheets',
  'https://www.googleapis.com/auth/forms',
  'https://www.googleapis.com/auth/script.send_mail',
  'https://www.googleapis.com/auth/script.scriptapp',
  'https://www.googleapis.com/auth/script.container.ui',
  'https://www.googleapis.com/auth/userinfo.email',
  'https://www.googleapis.com/auth/gmail.addons.execute',
  'https://www.googleapis.com/auth/gmail.addons.current.message.metadata',
  'https://www.googleapis.com/auth/script.external_request',
];
