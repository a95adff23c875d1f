/**
 * Options of the web UI server (`karafka web`, `createWebHandler`, `serveWeb`): where it is mounted, who may act,
 * read-only mode, which topics are dead letter queues.
 */

/** How users prove who they are before any action (commands, republish). */
export interface WebUiAuth {
  /**
   * A shared token: API clients send `Authorization: Bearer <token>`; people paste it on the login page (a
   * session cookie, HttpOnly and SameSite=Strict, then carries it).
   */
  readonly token?: string;
  /** HTTP basic authentication (the browser asks). */
  readonly basic?: { readonly username: string; readonly password: string };
  /**
   * The host's own authentication: given the request, return the user's name (or true) to allow, false or
   * undefined to refuse. Checked before the token and basic auth.
   */
  readonly authorize?: (request: Request) => string | boolean | undefined | Promise<string | boolean | undefined>;
  /** Also require authentication to view pages (default false: viewing is open, acting is not). */
  readonly pages?: boolean;
}

/** Options of the web UI. */
export interface WebUiOptions {
  /** Path the UI is served under (default `/`), e.g. `/karafka` when mounted in another server. */
  readonly basePath?: string;
  /** Hides and refuses every action (default false). */
  readonly readOnly?: boolean;
  /** Who may act. Without any, every action is refused (the UI says how to configure it). */
  readonly auth?: WebUiAuth;
  /** Topics shown as dead letter queues, besides those the routes name (default /(dlq)|(dead_letter)/i). */
  readonly dlqPattern?: RegExp;
  /** Payloads larger than this are shown truncated, with a download (default 64 KiB). */
  readonly maxPayloadView?: number;
}

/** UI options with defaults applied. */
export interface ResolvedWebUiOptions {
  readonly basePath: string;
  readonly readOnly: boolean;
  readonly auth: WebUiAuth;
  readonly dlqPattern: RegExp;
  readonly maxPayloadView: number;
}

/** `/karafka/` -> `/karafka`; `/` and `` -> ``. */
export function normalizeBasePath(path: string | undefined): string {
  if (path === undefined || path === '' || path === '/') return '';
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(path)) {
    throw new Error(`web UI basePath must be a path such as /karafka (letters, digits, . _ ~ - /), got '${path}'`);
  }
  return path.replace(/\/+$/, '');
}

/** Applies defaults. */
export function resolveUiOptions(options: WebUiOptions = {}): ResolvedWebUiOptions {
  const auth = options.auth ?? {};
  if (auth.token !== undefined && (typeof auth.token !== 'string' || auth.token.length < 8)) {
    throw new Error('web UI auth.token must be a string of at least 8 characters');
  }
  if (auth.basic !== undefined && (auth.basic.username === '' || auth.basic.password === '')) {
    throw new Error('web UI auth.basic needs a username and a password');
  }
  return {
    basePath: normalizeBasePath(options.basePath),
    readOnly: options.readOnly ?? false,
    auth,
    dlqPattern: options.dlqPattern ?? /(dlq)|(dead_letter)/i,
    maxPayloadView: options.maxPayloadView ?? 64 * 1024,
  };
}
