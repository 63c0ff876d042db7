/** How the person taking an action was identified. Recorded on every audit event. */
export type IdentificationMethod =
  | 'session' // Session.getActiveUser() in the sidebar / web app
  | 'signed_link' // an HMAC-signed approval link confirmed with a POST
  | 'form_response' // the respondent email of a Google Form response
  | 'gmail_addon' // the Gmail card's user
  | 'sidebar' // the sidebar's user (Session in the sidebar), relayed through the web app with a signed token
  | 'api' // an API caller
  | 'system'; // timers and automatic steps

/** Who acts. Roles are not carried here: they come from the directory and from the request itself. */
export interface Actor {
  email: string;
  method: IdentificationMethod;
}

/** The actor timers and automatic steps use. */
export const SYSTEM_ACTOR: Actor = { email: 'system', method: 'system' };
