/**
 * `tpm scan` when the AWS API is not there or does not answer (issue 17, cases 3 and 7): an
 * endpoint nothing listens on is "unreachable" (8), not "credentials" (4); an API that stops
 * answering part-way ends the run at its deadline (9), never at 0 and never never.
 * The peer is a plain HTTP server on 127.0.0.1 that answers what it is told to and holds the rest.
 */
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.ts';
import { main } from '../../cli/main.ts';
import { useHttpPeer } from '../support/http-peer.ts';
import { captureIo } from '../support/io.ts';

const ACCOUNT = '123456789012';
// The response shape of sts:GetCallerIdentity as the STS API reference prints it.
const CALLER_IDENTITY = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${ACCOUNT}:user/ci</Arn><UserId>AIDAEXAMPLE</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;

const savedEnv = { ...process.env };
beforeAll(() => {
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDLOCAL', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' });
});
afterAll(() => {
  process.env = savedEnv;
});

const peer = useHttpPeer();

const bodyOf = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => resolve(body));
  });

// STS's error document as the STS API reference ("Common Errors") prints it, for a key STS does not know.
const INVALID_TOKEN = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ErrorResponse>`;

/** Answers STS (and says "no organization") when asked to; holds every other request forever. */
const listen = async (answerIdentity: boolean | 'reject'): Promise<string> => {
  return peer.listen(async (request, response) => {
    const body = await bodyOf(request);
    const target = String(request.headers['x-amz-target'] ?? '');
    if (answerIdentity === 'reject') {
      response.writeHead(403, { 'content-type': 'text/xml' }).end(INVALID_TOKEN);
    } else if (answerIdentity && body.includes('Action=GetCallerIdentity')) {
      response.writeHead(200, { 'content-type': 'text/xml' }).end(CALLER_IDENTITY);
    } else if (answerIdentity && target.endsWith('.DescribeOrganization')) {
      response
        .writeHead(400, { 'content-type': 'application/x-amz-json-1.1' })
        .end(JSON.stringify({ __type: 'AWSOrganizationsNotInUseException', Message: 'not in an organization' }));
    }
    // anything else: read, never answered
  });
};

const scan = async (endpoint: string, ...flags: string[]) => {
  process.env.AWS_ENDPOINT_URL = endpoint;
  const io = captureIo();
  const started = Date.now();
  const code = await main(['scan', '--region', 'us-east-1', '--quiet', ...flags], io);
  return { code, io, seconds: (Date.now() - started) / 1000 };
};

describe('tpm scan against an API that is not there', () => {
  it('exits 8 "unreachable", naming the network, when nothing listens on the endpoint', async () => {
    // Prepare: a port that was just free (listen, note it, close).
    const endpoint = await listen(false);
    await peer.close();
    const { code, io } = await scan(endpoint);
    expect(code).toBe(EXIT.unreachable);
    expect(io.err()).toMatch(/Could not reach the AWS API in us-east-1 .*ECONNREFUSED.*AWS_ENDPOINT_URL/);
    expect(io.err()).not.toMatch(/credentials/i);
  });

  it('exits 4 "credentials" only when STS rejects the credentials', async () => {
    const { code, io } = await scan(await listen('reject'));
    expect(code).toBe(EXIT.credentials);
    expect(io.err()).toMatch(/Could not identify the AWS account .*InvalidClientTokenId/);
  });
});

describe('tpm scan --deadline', () => {
  it('reports the region a hung Describe kept it from and exits 9, within the deadline', async () => {
    const { code, io, seconds } = await scan(await listen(true), '--deadline', '2s');
    expect(code).toBe(EXIT.deadline);
    expect(io.err()).toContain('the deadline (--deadline 2s) came before us-east-1 was scanned; nothing there is proven');
    expect(seconds).toBeLessThan(3);
  });

  it('stops a run whose very first call hangs at the deadline, with exit 9 and one line', async () => {
    const { code, io, seconds } = await scan(await listen(false), '--deadline', '1s');
    expect(code).toBe(EXIT.deadline);
    expect(io.err()).toBe('tpm scan: the run did not finish within its deadline (--deadline 1s)\n');
    expect(seconds).toBeGreaterThanOrEqual(0.9);
    expect(seconds).toBeLessThan(2);
  });

  it.each(['0s', '25h', 'soon', '1.5m'])('refuses --deadline %s as a usage error', async (value) => {
    const { code, io } = await scan('http://127.0.0.1:9', '--deadline', value);
    expect(code).toBe(EXIT.usage);
    expect(io.err()).toContain(`--deadline "${value}" is not a time between 1s and 24h`);
  });
});
