/**
 * One dashboard of the metric catalogue: the estate's posture (failing findings, compliance, what
 * endpoints accept), what changed (transitions, alerts), and whether the monitor itself is healthy
 * (sweeps, collection errors, function errors, dead letters).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CHECKS } from '../../functions/engine/checks/registry.ts';
import { METRIC_CATALOG, type MetricName } from '../../functions/engine/metrics/metrics.ts';

export interface MonitorDashboardProps {
  readonly namespace: string;
  readonly monitoredServices: readonly string[];
  readonly functions: readonly lambda.IFunction[];
  readonly deadLetterQueue: sqs.IQueue;
  readonly regressions: cloudwatch.Alarm;
}

/** The check services (vpc, tls, vpn, …): the `Service` dimension's whole value set. */
export const CHECK_SERVICES: readonly string[] = [...new Set(CHECKS.map((check) => check.service))].sort();

export class MonitorDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitorDashboardProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const metric = (name: MetricName, dimensions: Record<string, string> = {}, statistic = 'Maximum') =>
      new cloudwatch.Metric({
        namespace: props.namespace,
        metricName: name,
        dimensionsMap: dimensions,
        statistic,
        period,
        label: Object.values(dimensions)[0] ?? name,
      });
    const byService = (name: MetricName, statistic?: string) =>
      CHECK_SERVICES.map((service) => metric(name, { Service: service }, statistic));
    const byMonitored = (name: MetricName, statistic?: string) =>
      props.monitoredServices.map((service) => metric(name, { MonitoredService: service }, statistic));
    const graph = (title: string, metrics: cloudwatch.IMetric[], width = 8) =>
      new cloudwatch.GraphWidget({ title, left: metrics, width, height: 6 });
    const sums = (names: MetricName[]) => names.map((name) => metric(name, {}, 'Sum'));

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
      widgets: [
        [
          new cloudwatch.TextWidget({
            markdown: `# traffic-privacy-monitor\nPosture, changes and the monitor's own health. Metric definitions: README "Metric catalogue". ${METRIC_CATALOG.FailingFindings.description}.`,
            width: 24,
            height: 2,
          }),
        ],
        [
          graph('Failing findings by service', [metric('FailingFindings'), ...byService('FailingFindings')]),
          graph('Compliance ratio by service (0–1)', byService('ComplianceRatio', 'Minimum')),
          new cloudwatch.AlarmStatusWidget({ title: 'Regressions', alarms: [props.regressions], width: 8, height: 6 }),
        ],
        [
          graph('Lowest TLS version accepted', byMonitored('LowestAcceptedTlsVersion', 'Minimum')),
          graph('Suites without forward secrecy accepted', byMonitored('NonForwardSecretSuitesAccepted')),
          graph('Days to certificate expiry', byMonitored('DaysToCertificateExpiry', 'Minimum')),
        ],
        [
          graph('Changes', sums(['NewFailures', 'Regressions', 'Recoveries', 'LostVisibility'])),
          graph('Alerts', sums(['AlertsPublished', 'AlertDeliveryFailures'])),
          graph('VPN tunnels', [metric('VpnTunnelsUp', {}, 'Minimum'), metric('VpnTunnelsDown')]),
        ],
        [
          graph('Observed callers below policy', [
            ...byMonitored('ObservedCallsBelowMinimumTls', 'Sum'),
            ...byMonitored('ObservedCallsWithoutForwardSecrecy', 'Sum'),
            ...byMonitored('ObservedCallsOutsideEndpoint', 'Sum'),
          ]),
          graph('Monitor health', [
            ...sums(['SweepsCompleted', 'CollectionErrors', 'RegionsNotScanned', 'TlsEndpointsUnreachable']),
            metric('ErrorFindings'),
          ]),
          graph('Sweep duration (ms)', [metric('ScanDuration', {}, 'Maximum')]),
        ],
        [
          graph(
            'Function errors',
            props.functions.map((fn) => fn.metricErrors({ period, statistic: 'Sum' })),
            12,
          ),
          graph('Dead letters', [props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period })], 12),
        ],
      ],
    });
  }
}
