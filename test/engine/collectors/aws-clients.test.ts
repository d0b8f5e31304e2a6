/**
 * The client factory's promises against real sockets on 127.0.0.1: a request that never
 * answers fails at its timeout instead of hanging the run, and a client built for a
 * non-idempotent call (SNS Publish) sends it once, whatever happens to the response; and the
 * interceptors an owner passes (the local lab's stand-ins) apply to its clients only.
 */
import { DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { AwsClients } from '../../../functions/engine/collectors/aws-clients.ts';
import { useHttpPeer } from '../../support/http-peer.ts';

const CREDENTIALS = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' };
const peer = useHttpPeer();

/** An HTTP peer that reads each request and then does `behaviour` with it; counts requests. */
const listen = async (behaviour: 'never-answer' | 'drop-after-reading') => {
  const seen = { requests: 0 };
  const endpoint = await peer.listen((request, response) => {
    seen.requests++;
    request.resume();
    request.on('end', () => {
      if (behaviour === 'drop-after-reading') response.socket?.destroy();
    });
  });
  return { endpoint, seen };
};

describe('AwsClients', () => {
  it('fails a call that never answers at the request timeout, instead of waiting forever', async () => {
    // Prepare: a peer that accepts the request and never responds (issue 17, case 3).
    const { endpoint } = await listen('never-answer');
    const clients = new AwsClients({ endpoint, credentials: CREDENTIALS, requestTimeoutMs: 300, maxAttempts: 1 });
    // Act
    const started = Date.now();
    const outcome = await clients
      .ec2('us-east-1')
      .send(new DescribeSubnetsCommand({}))
      .then(
        () => 'answered',
        (error: Error) => error.name,
      );
    clients.destroy();
    // Assess
    expect(outcome).toMatch(/Timeout/i);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('sends a Publish once with maxAttempts 1 even when the response is lost; the default client would resend it', async () => {
    const { endpoint, seen } = await listen('drop-after-reading');
    const clients = new AwsClients({ endpoint, credentials: CREDENTIALS, requestTimeoutMs: 2_000 });
    const publish = () => new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:t', Message: 'hello' });
    await expect(clients.client(SNSClient, 'us-east-1', { maxAttempts: 1 }).send(publish())).rejects.toThrow();
    expect(seen.requests).toBe(1);
    seen.requests = 0;
    await expect(clients.client(SNSClient, 'us-east-1').send(publish())).rejects.toThrow();
    // What the outbox prevents: the SDK's own retries repeat a Publish that may have been accepted.
    expect(seen.requests).toBeGreaterThan(1);
    clients.destroy();
  });

  it('runs the interceptors its options name, on its own clients only: one may answer, one may change a reply', async () => {
    // Prepare: an EC2 endpoint that answers DescribeVpcs with one VPC (EC2's query XML, as AWS prints it).
    let requests = 0;
    const endpoint = await peer.listen((request, response) => {
      requests++;
      request.resume();
      request.on('end', () =>
        response
          .writeHead(200, { 'content-type': 'text/xml' })
          .end(
            '<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><vpcSet><item><vpcId>vpc-1</vpcId></item></vpcSet></DescribeVpcsResponse>',
          ),
      );
    });
    const seen: string[] = [];
    const intercepted = new AwsClients({
      endpoint,
      credentials: CREDENTIALS,
      maxAttempts: 1,
      interceptors: [
        async (call, proceed) => {
          seen.push(`${call.service}.${call.operation}@${call.region}`);
          if (call.operation === 'DescribeSubnets') return { Subnets: [{ SubnetId: 'subnet-answered' }] };
          const output = (await proceed()) as { Vpcs?: { VpcId?: string }[] };
          return { ...output, Vpcs: [...(output.Vpcs ?? []), { VpcId: 'vpc-added' }] };
        },
      ],
    });
    const plain = new AwsClients({ endpoint, credentials: CREDENTIALS, maxAttempts: 1 });
    // Act
    const answered = await intercepted.ec2('eu-west-1').send(new DescribeSubnetsCommand({}));
    const completed = await intercepted.ec2('eu-west-1').send(new DescribeVpcsCommand({}));
    const untouched = await plain.ec2('eu-west-1').send(new DescribeVpcsCommand({}));
    // Assess: the answer never reached the endpoint; the reply was the endpoint's plus the addition.
    expect(answered.Subnets?.map((subnet) => subnet.SubnetId)).toEqual(['subnet-answered']);
    expect(completed.Vpcs?.map((vpc) => vpc.VpcId)).toEqual(['vpc-1', 'vpc-added']);
    expect(untouched.Vpcs?.map((vpc) => vpc.VpcId)).toEqual(['vpc-1']);
    expect(seen).toEqual(['EC2.DescribeSubnets@eu-west-1', 'EC2.DescribeVpcs@eu-west-1']);
    expect(requests).toBe(2);
    intercepted.destroy();
    plain.destroy();
  });
});
