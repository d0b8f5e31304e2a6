/**
 * `tpm invoke` end to end: it starts its own lab, so these run the real command in-process and
 * read what a user sees (the handler's JSON on stdout, the summary on stderr, the exit code).
 */
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.ts';
import { main } from '../../cli/main.ts';
import { captureIo } from '../support/io.ts';

describe('tpm invoke', () => {
  it('runs the change handler on a sample event retargeted at the seeded estate', async () => {
    const io = captureIo();
    const code = await main(['invoke', 'change-recheck', '--event', 'events/ec2-modify-vpc-endpoint.json'], io);
    expect(code).toBe(EXIT.ok);
    const result = JSON.parse(io.out()) as Record<string, unknown>;
    expect(result).toMatchObject({ status: 'rechecked', eventName: 'ModifyVpcEndpoint', resource: 'vpc-endpoint', changes: [] });
    // The sample's example id was pointed at a real endpoint, located in its VPC, and only that VPC was read.
    expect(result.ids).toEqual([expect.stringMatching(/^vpce-/)]);
    expect(result.ids).not.toEqual(['vpce-0a1b2c3d4e5f60718']);
    expect(result.vpcIds).toEqual([expect.stringMatching(/^vpc-/)]);
    expect(result.apiCalls).toBe(7); // the five network reads, the endpoint lookup, the own organization
    expect(io.err()).toContain('change-recheck: 7 AWS calls reading the estate');
    expect(io.err()).toContain('no alert was published');
  });

  it('exits 3 for an event the handler rejects, naming the field', async () => {
    const io = captureIo();
    const code = await main(['invoke', 'change-recheck', '--event', 'events/malformed/bad-event-time.json', '--no-baseline'], io);
    expect(code).toBe(EXIT.config);
    expect(JSON.parse(io.out())).toMatchObject({ status: 'rejected', field: 'detail.eventTime' });
    expect(io.err()).toContain('MalformedEvents {"Handler":"change-recheck"} 1');
  });

  it('refuses an unknown handler or a missing event before starting anything', async () => {
    const unknown = captureIo();
    expect(await main(['invoke', 'sweep', '--event', 'events/scheduled-sweep.json'], unknown)).toBe(EXIT.usage);
    expect(unknown.err()).toContain('unknown handler "sweep"; handlers: scheduled-sweep, change-recheck, observed-client-tls');
    const missing = captureIo();
    expect(await main(['invoke', 'scheduled-sweep', '--event', 'events/no-such-file.json'], missing)).toBe(EXIT.config);
    expect(missing.err()).toMatch(/events\/no-such-file\.json: cannot be read/);
  });
});
