/** How a playground is opened: the build, the data folder, seeding, and whom sidebar calls run as. */
export interface PlaygroundOptions {
  /** The dist/ folder: Code.js and the *.html files the add-on serves. */
  distDir: string;
  /** Where state.json is kept; null keeps nothing. */
  dataDir: string | null;
  reset?: boolean;
  /** Seed the demo on a fresh start (default true). */
  seed?: boolean;
  log?: (line: string) => void;
  /**
   * Whom google.script.run calls from the sidebar run as (Session.getEffectiveUser, and whose permissions the
   * spreadsheet checks). 'person' (default) is what Apps Script does for an editor add-on's sidebar: the user at
   * the keyboard, who may not write the protected tabs unless an editor of them. 'owner' runs them as the
   * owner, as the panel's own tests do.
   */
  sidebarRunsAs?: 'person' | 'owner';
  /** Worker threads kept ready for executions (default 2; more start when executions overlap, up to 4 or this). */
  workers?: number;
}
