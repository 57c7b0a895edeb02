// The GraphQL client: every request has a time limit (AbortController), can
// be cancelled by the caller, is retried once after a dropped connection or
// a busy server, and fails with an ApiError whose message is plain words.

export const DEFAULT_TIMEOUT_MS = 15000;
const RETRY_DELAY_MS = 700;

/** An API failure the page can show as it is. */
export class ApiError extends Error {
  /**
   * @param {string} message plain words for the reader
   * @param {{kind: string, code?: string, detail?: string, status?: number, retryable?: boolean}} info
   */
  constructor(message, info) {
    super(message);
    this.name = 'ApiError';
    this.kind = info.kind; // 'timeout' | 'network' | 'http' | 'graphql' | 'format' | 'cancelled'
    this.code = info.code ?? '';
    this.detail = info.detail ?? '';
    this.status = info.status ?? 0;
    this.retryable = info.retryable ?? false;
  }
}

/** Plain words for the server's error codes. */
const CODE_WORDS = {
  NOT_FOUND: '找不到要查的节点：它可能不在当前的数据里，或链接里的编号有误。',
  BAD_USER_INPUT: '查询的输入不对',
  TIMEOUT: '服务器处理这个查询超时了。请缩小范围（减少深度或数量）后再试。',
  ARGUMENT_LIMIT_EXCEEDED: '查询超出了服务器允许的范围（深度或数量太大）。',
  COMPLEXITY_LIMIT_EXCEEDED: '查询太大，服务器拒绝了。请减少深度或数量。',
  DEPTH_LIMIT_EXCEEDED: '查询嵌套太深，服务器拒绝了。',
  INTERNAL_SERVER_ERROR: '服务器内部出错了。',
  UNAUTHENTICATED: '服务器要求登录或令牌。',
  PAYLOAD_TOO_LARGE: '请求太大，服务器拒绝了。',
};

/** Turns the first GraphQL error into plain words. */
export function graphqlError(errors) {
  const first = errors[0] ?? {};
  const code = first.extensions?.code ?? '';
  const msg = String(first.message ?? '');
  let words = CODE_WORDS[code];
  if (code === 'BAD_USER_INPUT') words = `${words}：${msg}`;
  else if (code === 'INTERNAL_SERVER_ERROR' && first.extensions?.requestId) {
    words = `${words}报告问题时请附上请求编号 ${first.extensions.requestId}。`;
  }
  if (!words) words = `服务器无法完成这个查询：${msg || '未说明原因'}`;
  const detail = errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('\n');
  return new ApiError(words, { kind: 'graphql', code, detail, retryable: code === 'TIMEOUT' || code === 'INTERNAL_SERVER_ERROR' });
}

function httpError(status, body) {
  let server = '';
  try {
    const parsed = JSON.parse(body);
    if (parsed?.errors?.length) return Object.assign(graphqlError(parsed.errors), { status, kind: 'http' });
    server = parsed?.error ?? '';
  } catch {
    server = body.slice(0, 200);
  }
  const busy = status === 502 || status === 503 || status === 504 || status === 429;
  const words = busy
    ? `服务器暂时不可用（HTTP ${status}），可能正在启动或过于繁忙。请稍后重试。`
    : `服务器返回了错误（HTTP ${status}）。`;
  return new ApiError(words, { kind: 'http', status, detail: server, retryable: busy || status >= 500 });
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(cancelled());
    }, { once: true });
  });
}

function cancelled() {
  return new ApiError('已取消。', { kind: 'cancelled' });
}

/**
 * Runs one GraphQL query.
 * @param {string} query
 * @param {object} [variables]
 * @param {{signal?: AbortSignal, timeoutMs?: number, retries?: number, endpoint?: string, fetchImpl?: typeof fetch}} [opts]
 * @returns {Promise<object>} the data
 */
export async function gql(query, variables = {}, opts = {}) {
  const { signal, timeoutMs = DEFAULT_TIMEOUT_MS, retries = 1, fetchImpl = globalThis.fetch.bind(globalThis) } = opts;
  const endpoint = opts.endpoint ?? new URL('graphql', document.baseURI).href;
  for (let attempt = 0; ; attempt++) {
    try {
      return await once(fetchImpl, endpoint, query, variables, signal, timeoutMs);
    } catch (err) {
      const again = err instanceof ApiError && (err.kind === 'network' || (err.kind === 'http' && err.retryable));
      if (!again || attempt >= retries || signal?.aborted) throw err;
      await sleep(RETRY_DELAY_MS * (attempt + 1), signal);
    }
  }
}

async function once(fetchImpl, endpoint, query, variables, signal, timeoutMs) {
  if (signal?.aborted) throw cancelled();
  const ctl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctl.abort();
  }, timeoutMs);
  const onAbort = () => ctl.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let res;
    let body;
    try {
      res = await fetchImpl(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ query, variables }),
        signal: ctl.signal,
      });
      body = await res.text();
    } catch (err) {
      if (timedOut) {
        throw new ApiError(`服务器在 ${Math.round(timeoutMs / 1000)} 秒内没有回应。可能是查询太大或服务器繁忙，请重试或缩小范围。`,
          { kind: 'timeout', retryable: true });
      }
      if (signal?.aborted) throw cancelled();
      throw new ApiError('无法连接到服务器。请检查服务是否在运行、网络是否正常，然后重试。',
        { kind: 'network', detail: String(err?.message ?? err), retryable: true });
    }
    if (!res.ok) throw httpError(res.status, body);
    let parsed;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new ApiError('服务器的回答无法识别（不是 JSON）。可能连到了错误的地址或代理。',
        { kind: 'format', detail: body.slice(0, 200) });
    }
    if (parsed.errors?.length) throw graphqlError(parsed.errors);
    if (!parsed.data) throw new ApiError('服务器的回答里没有数据。', { kind: 'format' });
    return parsed.data;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
