/**
 * Setting names of the most used core collector components (from their config.schema.yaml in
 * open-telemetry/opentelemetry-collector), so a misspelt setting is reported before the collector
 * refuses to start. Components not listed here are not key-checked.
 */
import { isObj } from './findings.mjs';

const HTTP_CLIENT = [
  'endpoint',
  'proxy_url',
  'tls',
  'read_buffer_size',
  'write_buffer_size',
  'timeout',
  'headers',
  'auth',
  'compression',
  'compression_params',
  'max_idle_conns',
  'max_idle_conns_per_host',
  'max_conns_per_host',
  'idle_conn_timeout',
  'disable_keep_alives',
  'http2_read_idle_timeout',
  'http2_ping_timeout',
  'cookies',
  'middlewares',
  'force_attempt_http2',
];
const GRPC_CLIENT = [
  'endpoint',
  'compression',
  'tls',
  'keepalive',
  'read_buffer_size',
  'write_buffer_size',
  'wait_for_ready',
  'headers',
  'balancer_name',
  'authority',
  'auth',
  'middlewares',
  'user_agent',
];
const HTTP_SERVER = [
  'endpoint',
  'tls',
  'cors',
  'auth',
  'max_request_body_size',
  'include_metadata',
  'response_headers',
  'compression_algorithms',
  'read_timeout',
  'read_header_timeout',
  'write_timeout',
  'idle_timeout',
  'keep_alives_enabled',
  'middlewares',
];
const GRPC_SERVER = [
  'endpoint',
  'transport',
  'dialer',
  'tls',
  'max_recv_msg_size_mib',
  'max_concurrent_streams',
  'read_buffer_size',
  'write_buffer_size',
  'keepalive',
  'auth',
  'include_metadata',
  'middlewares',
];
const EXPORTER_HELPER = ['timeout', 'retry_on_failure', 'sending_queue'];

/** @typedef {{ keys: string[], nested?: Record<string, KeySpec> }} KeySpec */

/** @type {Record<string, KeySpec>} "<kind>/<type>" → allowed settings */
export const KEYS = {
  'receivers/otlp': {
    keys: ['protocols'],
    nested: {
      protocols: {
        keys: ['grpc', 'http'],
        nested: {
          grpc: { keys: GRPC_SERVER },
          http: { keys: [...HTTP_SERVER, 'traces_url_path', 'metrics_url_path', 'logs_url_path'] },
        },
      },
    },
  },
  'processors/batch': {
    keys: [
      'send_batch_size',
      'send_batch_max_size',
      'timeout',
      'metadata_keys',
      'metadata_cardinality_limit',
    ],
  },
  'processors/memory_limiter': {
    keys: [
      'check_interval',
      'limit_mib',
      'limit_percentage',
      'spike_limit_mib',
      'spike_limit_percentage',
      'min_gc_interval_when_soft_limited',
      'min_gc_interval_when_hard_limited',
      'max_gc_interval_when_soft_limited',
      'max_gc_interval_when_hard_limited',
    ],
  },
  'exporters/debug': {
    keys: [
      'verbosity',
      'sampling_initial',
      'sampling_thereafter',
      'use_internal_logger',
      'output_paths',
      'sending_queue',
    ],
  },
  'exporters/otlp_grpc': { keys: [...GRPC_CLIENT, ...EXPORTER_HELPER] },
  'exporters/otlp_http': {
    keys: [
      ...HTTP_CLIENT,
      'traces_endpoint',
      'metrics_endpoint',
      'logs_endpoint',
      'profiles_endpoint',
      'encoding',
      'retry_on_failure',
      'sending_queue',
    ],
  },
  'extensions/health_check': {
    keys: [
      ...HTTP_SERVER,
      'path',
      'response_body',
      'check_collector_pipeline',
      'use_v2',
      'http',
      'grpc',
      'component_health',
    ],
  },
};

/**
 * Warns about settings a component does not have (nested sections are followed).
 * @param {string} kindType "<kind>/<type>"
 * @param {unknown} cfg the component's configuration
 * @param {string} where
 * @param {import('./findings.mjs').Findings} findings
 * @param {KeySpec | undefined} [spec]
 */
export function checkKeys(kindType, cfg, where, findings, spec = KEYS[kindType]) {
  if (!isObj(cfg) || !spec) return;
  for (const [k, v] of Object.entries(cfg)) {
    if (!spec.keys.includes(k)) {
      const msg = `unknown setting for ${kindType} (known: ${spec.keys.join(', ')})`;
      findings.warn('collector', `${where}.${k}`, msg);
    } else if (spec.nested?.[k]) checkKeys(kindType, v, `${where}.${k}`, findings, spec.nested[k]);
  }
}
