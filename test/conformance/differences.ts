// Where Sightline deliberately behaves differently from stock NodeSDK 0.223, and why. Every
// entry is asserted by at least one setting in `settings.ts` (the suite checks that), and listed
// in the README's "Differences from NodeSDK".

export interface Difference {
  /** What a user sees. */
  what: string;
  /** Why, with the specification section it follows where there is one. */
  why: string;
}

export const DIFFERENCES = {
  'case-insensitive-values': {
    what: 'HTTP/JSON, ALWAYS_OFF and other enum values are accepted in any case',
    why: 'SDK environment variables, "Enum": values SHOULD be interpreted case-insensitively (NodeSDK warns and uses the default)',
  },
  'per-signal-protocol-fallback': {
    what: 'an invalid OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL falls back to OTEL_EXPORTER_OTLP_PROTOCOL',
    why: 'SDK environment variables, "Enum": an unrecognised value is ignored as if unset, so the general setting applies (NodeSDK uses http/protobuf)',
  },
  'unknown-exporter-is-otlp': {
    what: 'an unknown OTEL_<SIGNAL>_EXPORTER name warns and exports over OTLP',
    why: 'an unrecognised enum value is ignored, leaving the default, otlp ("Exporter selection"); NodeSDK exports nothing',
  },
  'none-wins': {
    what: 'OTEL_TRACES_EXPORTER=otlp,none exports no traces (none wins, with a warning naming the others)',
    why: 'as NodeSDK already does for metrics and logs, and as OTEL_PROPAGATORS does; NodeSDK alone falls back to otlp for traces',
  },
  'unexported-spans-still-propagate': {
    what: 'with OTEL_TRACES_EXPORTER=none spans are still made (not exported): outgoing calls carry traceparent, logs keep trace ids',
    why: '"none" selects no exporter, it does not turn tracing off (OTEL_SDK_DISABLED does); NodeSDK registers no tracer provider. Downstream spans then name an unexported parent',
  },
  'zero-limits': {
    what: 'an attribute count or length limit of 0 is applied to log records (no attributes)',
    why: 'SDK environment variables, LogRecord Limits: "Valid values are non-negative"; NodeSDK ignores 0 for logs (not for spans)',
  },
  'third-party-propagators': {
    what: 'OTEL_PROPAGATORS=xray (and ottrace) work when their package is installed',
    why: 'SDK environment variables lists them as known values (third party); NodeSDK only bundles the core ones and propagates nothing',
  },
  'service-identity': {
    what: "service.name and service.version default to the app's package.json name and version; service.instance.id is a random UUID per process",
    why: 'a useful name instead of unknown_service:<executable> (EDOT and Splunk do the same); the instance id tells replicas apart',
  },
  'resource-variables-without-detectors': {
    what: 'OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES apply even with OTEL_NODE_RESOURCE_DETECTORS=none',
    why: 'they are SDK settings, not a detector\'s: Resource SDK, "the SDK MUST extract information from OTEL_RESOURCE_ATTRIBUTES"',
  },
  'default-detectors': {
    what: 'the default detectors are env, host, os, process and serviceinstance (NodeSDK: env, host, process)',
    why: 'os.* is cheap and local; cloud detectors, which call metadata endpoints, stay opt-in',
  },
  'distro-attributes': {
    what: 'the resource carries telemetry.distro.name=sightline and telemetry.distro.version',
    why: 'semantic conventions "telemetry.distro.*", as EDOT does; telemetry.sdk.* stay the OTel SDK\'s',
  },
  'startup-line': {
    what: 'one start-up line on stderr at the default log level',
    why: 'SDK environment variables: OTEL_LOG_LEVEL defaults to "info"; NodeSDK installs no diag logger unless it is set',
  },
  'warnings-at-error-level': {
    what: 'an invalid setting is reported even at OTEL_LOG_LEVEL=error',
    why: 'a misconfiguration must stay visible ("Error handling": report, never fail); NodeSDK logs it as a warning, hidden at error',
  },
  'health-paths-unsampled': {
    what: 'SERVER spans for /healthz, /readyz and /livez are not sampled',
    why: 'probe traffic would drown real traces (the unsampledPaths option turns it off)',
  },
} as const satisfies Record<string, Difference>;

export type DifferenceId = keyof typeof DIFFERENCES;
