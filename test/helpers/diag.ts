import { diag, DiagLogLevel } from '@opentelemetry/api';

/**
 * Installs a diag logger that keeps the warnings (the SDK's configuration and export
 * reports) in the returned array; `diag.disable()` removes it.
 */
export function captureDiagWarnings(): string[] {
  const warnings: string[] = [];
  diag.setLogger(
    {
      error: () => {},
      warn: (message: string) => void warnings.push(message),
      info: () => {},
      debug: () => {},
      verbose: () => {},
    },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
  return warnings;
}
