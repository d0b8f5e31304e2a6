/**
 * ELBv2 listeners, API Gateway domains and CloudFront distributions against moto (real SDK
 * calls on both sides), and the DescribeSSLPolicies fallback against a typed mock.
 */
import { ACMClient, RequestCertificateCommand } from '@aws-sdk/client-acm';
import { APIGatewayClient, CreateDomainNameCommand } from '@aws-sdk/client-api-gateway';
import { CloudFrontClient, CreateDistributionCommand, type DistributionConfig } from '@aws-sdk/client-cloudfront';
import { DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeSSLPoliciesCommand,
  ElasticLoadBalancingV2Client,
  ElasticLoadBalancingV2ServiceException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../functions/engine/collectors/aws-clients.ts';
import { tlsPolicyCollector } from '../../../functions/engine/collectors/tls-policies.ts';
import type { Collections } from '../../../functions/engine/model/inventory.ts';
import type { TlsPolicyHolder } from '../../../functions/engine/model/tls.ts';
import { collectWith, itemsOf } from '../../support/collectors.ts';
import { useMoto } from '../../support/moto.ts';

const moto = useMoto();
let clients: AwsClients | undefined;
afterEach(() => clients?.destroy());

const collect = (aws: AwsClients, primaryRegion = true): Promise<Collections> =>
  collectWith(tlsPolicyCollector, { clients: aws, account: '123456789012', primaryRegion });
const holders = (
  collections: Collections,
  name: 'elbListeners' | 'apiGatewayDomains' | 'cloudFrontDistributions',
): TlsPolicyHolder[] => itemsOf(collections, name);

const distribution = (viewerCertificate: DistributionConfig['ViewerCertificate']): DistributionConfig => ({
  CallerReference: `ref-${Math.random()}`,
  Comment: 'tpm test',
  Enabled: true,
  Origins: {
    Quantity: 1,
    Items: [
      {
        Id: 'origin',
        DomainName: 'origin.example.com',
        CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' },
      },
    ],
  },
  DefaultCacheBehavior: { TargetOriginId: 'origin', ViewerProtocolPolicy: 'https-only' },
  ViewerCertificate: viewerCertificate,
});

describe('TLS policy collector against moto', () => {
  it('resolves listener policies with DescribeSSLPolicies, including the 2016-08 default', async () => {
    clients = new AwsClients(moto.server.clientOptions);
    const elb = clients.client(ElasticLoadBalancingV2Client, 'us-east-1');
    const { Subnets } = await clients.ec2('us-east-1').send(new DescribeSubnetsCommand({}));
    const subnetIds = (Subnets ?? []).slice(0, 2).map((subnet) => subnet.SubnetId as string);
    const { LoadBalancers } = await elb.send(
      new CreateLoadBalancerCommand({ Name: 'front', Subnets: subnetIds, Type: 'application' }),
    );
    const lbArn = LoadBalancers?.[0]?.LoadBalancerArn as string;
    // moto checks that the listener certificate exists, as AWS does.
    const { CertificateArn } = await clients
      .client(ACMClient, 'us-east-1')
      .send(new RequestCertificateCommand({ DomainName: 'front.example.com' }));
    const certificate = [{ CertificateArn }];
    const action = [{ Type: 'fixed-response' as const, FixedResponseConfig: { StatusCode: '200' } }];
    await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: lbArn,
        Protocol: 'HTTPS',
        Port: 443,
        Certificates: certificate,
        DefaultActions: action,
      }),
    );
    await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: lbArn,
        Protocol: 'HTTPS',
        Port: 8443,
        Certificates: certificate,
        DefaultActions: action,
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      }),
    );
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 80, DefaultActions: action }));

    const listeners = holders(await collect(clients), 'elbListeners').sort((a, b) => a.label.localeCompare(b.label));

    expect(listeners.map((listener) => [listener.label, listener.policyName, listener.resolvedFrom])).toEqual([
      ['HTTPS :443 on front', 'ELBSecurityPolicy-2016-08', 'api'],
      ['HTTPS :8443 on front', 'ELBSecurityPolicy-TLS13-1-2-2021-06', 'api'],
    ]);
    expect(listeners[0]?.protocols).toEqual(['TLSv1.2', 'TLSv1.1', 'TLSv1']);
    expect(listeners[0]?.ciphers).toContain('AES128-SHA');
    expect(listeners[1]?.protocols).toEqual(expect.arrayContaining(['TLSv1.2', 'TLSv1.3']));
  });

  it('resolves API Gateway domain policies from the published table, and leaves unknown ones unresolved', async () => {
    clients = new AwsClients(moto.server.clientOptions);
    const apigw = clients.client(APIGatewayClient, 'us-east-1');
    await apigw.send(
      new CreateDomainNameCommand({
        domainName: 'legacy.api.example.com',
        securityPolicy: 'TLS_1_0',
        regionalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x',
      }),
    );
    await apigw.send(
      new CreateDomainNameCommand({
        domainName: 'modern.api.example.com',
        securityPolicy: 'TLS_1_2',
        regionalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/y',
      }),
    );
    const domains = holders(await collect(clients), 'apiGatewayDomains').sort((a, b) => a.id.localeCompare(b.id));
    expect(domains.map((domain) => [domain.id, domain.policyName, domain.protocols?.[0], domain.resolvedFrom])).toEqual([
      ['legacy.api.example.com', 'TLS_1_0', 'TLSv1', 'published-table'],
      ['modern.api.example.com', 'TLS_1_2', 'TLSv1.2', 'published-table'],
    ]);
  });

  it('applies the TLSv1 policy to distributions on the default certificate, and reads CloudFront once', async () => {
    clients = new AwsClients(moto.server.clientOptions);
    const cloudfront = clients.client(CloudFrontClient, 'us-east-1');
    await cloudfront.send(
      new CreateDistributionCommand({ DistributionConfig: distribution({ CloudFrontDefaultCertificate: true }) }),
    );
    await cloudfront.send(
      new CreateDistributionCommand({
        // moto defaults CloudFrontDefaultCertificate to true when omitted; AWS reports false for an ACM certificate.
        DistributionConfig: distribution({
          CloudFrontDefaultCertificate: false,
          ACMCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/z',
          SSLSupportMethod: 'sni-only',
          MinimumProtocolVersion: 'TLSv1.2_2021',
        }),
      }),
    );
    const collections = await collect(clients);
    const distributions = holders(collections, 'cloudFrontDistributions').sort((a, b) =>
      a.policyName.localeCompare(b.policyName),
    );
    expect(distributions.map((item) => [item.policyName, item.policyIsDefault, item.protocols?.[0]])).toEqual([
      ['TLSv1', true, 'TLSv1'],
      ['TLSv1.2_2021', false, 'TLSv1.2'],
    ]);
    expect(collections.cloudFrontDistributions?.status === 'ok' && collections.cloudFrontDistributions.items[0]?.region).toBe(
      'global',
    );
    expect((await collect(clients, false)).cloudFrontDistributions).toBeUndefined();
    // moto omits ViewerCertificate from ListDistributions summaries; the collector read each distribution instead.
  });
});

describe('DescribeSSLPolicies fallback (typed mock)', () => {
  it('resolves known names one by one when an unknown name fails the batch, and leaves the unknown unresolved', async () => {
    // Created here, not at file load: mockClient patches the client class for every test that follows.
    const elbMock = mockClient(ElasticLoadBalancingV2Client);
    elbMock
      .on(DescribeLoadBalancersCommand)
      .resolves({ LoadBalancers: [{ LoadBalancerArn: 'arn:lb', LoadBalancerName: 'nlb' }] });
    elbMock.on(DescribeListenersCommand).resolves({
      Listeners: [
        { ListenerArn: 'arn:l1', Protocol: 'TLS', Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' },
        { ListenerArn: 'arn:l2', Protocol: 'TLS', Port: 8443, SslPolicy: 'ELBSecurityPolicy-FROM-THE-FUTURE' },
      ],
    });
    const notFound = new ElasticLoadBalancingV2ServiceException({
      name: 'SSLPolicyNotFoundException',
      $fault: 'client',
      $metadata: {},
      message: 'not found',
    });
    elbMock
      .on(DescribeSSLPoliciesCommand, { Names: ['ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-FROM-THE-FUTURE'] })
      .rejects(notFound);
    elbMock.on(DescribeSSLPoliciesCommand, { Names: ['ELBSecurityPolicy-FROM-THE-FUTURE'] }).rejects(notFound);
    elbMock.on(DescribeSSLPoliciesCommand, { Names: ['ELBSecurityPolicy-TLS13-1-2-2021-06'] }).resolves({
      SslPolicies: [
        {
          Name: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
          SslProtocols: ['TLSv1.2', 'TLSv1.3'],
          Ciphers: [{ Name: 'ECDHE-RSA-AES128-GCM-SHA256', Priority: 1 }],
        },
      ],
    });
    const collections = await collectWith(tlsPolicyCollector, { primaryRegion: false });
    elbMock.restore();
    const listeners = holders(collections, 'elbListeners');
    expect(listeners.map((listener) => [listener.policyName, listener.resolvedFrom, listener.protocols])).toEqual([
      ['ELBSecurityPolicy-TLS13-1-2-2021-06', 'api', ['TLSv1.2', 'TLSv1.3']],
      ['ELBSecurityPolicy-FROM-THE-FUTURE', 'unresolved', undefined],
    ]);
  });
});
