/**
 * The CloudTrail mapping table on its own: where each call's touched id is (as the records in
 * events/ print it, from the EC2, FSx, ELB and Direct Connect CloudTrail pages), the EventBridge
 * patterns built from it, and the client-TLS pattern built from the catalog.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../functions/engine/catalog.ts';
import {
  CHANGE_EVENTS,
  changeEventPatterns,
  clientTlsEventPattern,
  mappingFor,
  touchedIds,
  valuesAt,
} from '../../../functions/engine/events/event-map.ts';

describe('valuesAt', () => {
  it('spreads arrays, matches any key with *, and unwraps EC2 content items', () => {
    const detail = {
      requestParameters: {
        DeleteVpcEndpointsRequest: {
          VpcEndpointId: [
            { tag: 1, content: 'vpce-0a1b2c3d4e5f60718' },
            { tag: 2, content: 'vpce-0a1b2c3d4e5f60719' },
          ],
        },
      },
    };
    expect(valuesAt(detail, 'requestParameters.*.VpcEndpointId')).toEqual(['vpce-0a1b2c3d4e5f60718', 'vpce-0a1b2c3d4e5f60719']);
    expect(valuesAt(detail, 'requestParameters.nothing.here')).toEqual([]);
    expect(valuesAt({ requestParameters: { constructor: 'x' } }, 'requestParameters.toString')).toEqual([]);
  });
});

describe('touchedIds', () => {
  const groupMapping = mappingFor('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress');

  it('takes the changed group from requestParameters.groupId, not a group the rule references', () => {
    if (!groupMapping) throw new Error('AuthorizeSecurityGroupIngress is mapped');
    const ids = touchedIds(groupMapping, {
      requestParameters: {
        groupId: 'sg-0c1d2e3f4a5b60789',
        ipPermissions: { items: [{ groups: { items: [{ userId: '999988887777', groupId: 'sg-0fedcba9876543210' }] } }] },
      },
    });
    expect(ids).toEqual({ ids: ['sg-0c1d2e3f4a5b60789'], fallback: false });
  });

  it('falls back to any matching value, and says so, when no documented field holds one', () => {
    if (!groupMapping) throw new Error('AuthorizeSecurityGroupIngress is mapped');
    expect(touchedIds(groupMapping, { requestParameters: { SomeFutureShape: { id: 'sg-0c1d2e3f4a5b60789' } } })).toEqual({
      ids: ['sg-0c1d2e3f4a5b60789'],
      fallback: true,
    });
  });
});

describe('EventBridge patterns', () => {
  it('deliver every mapped call exactly once, by its own event source', () => {
    const patterns = changeEventPatterns();
    for (const mapping of CHANGE_EVENTS) {
      for (const name of mapping.eventNames) {
        const matching = patterns.filter(
          (pattern) => pattern.detail.eventSource.includes(mapping.eventSource) && pattern.detail.eventName.includes(name),
        );
        expect(matching, `${mapping.eventSource} ${name}`).toHaveLength(1);
        expect(matching[0]?.source).toEqual([mapping.source]);
      }
    }
  });

  it('map the subnet calls that change what gateway-endpoint routes must cover', () => {
    for (const name of ['CreateSubnet', 'DeleteSubnet', 'AssociateSubnetCidrBlock'])
      expect(mappingFor('ec2.amazonaws.com', name)?.resource).toBe('subnet');
  });

  it('listen for Pinpoint as its CloudTrail records say: pinpoint.amazonaws.com from aws.pinpoint', () => {
    const pattern = clientTlsEventPattern(DEFAULT_CATALOG, ['pinpoint', 'dynamodb']);
    expect(pattern.detail.eventSource).toEqual(['dynamodb.amazonaws.com', 'pinpoint.amazonaws.com', 'sms-voice.amazonaws.com']);
    expect(pattern.source).toEqual(['aws.dynamodb', 'aws.pinpoint', 'aws.sms-voice']);
    expect(pattern.detail.eventSource).not.toContain('mobiletargeting.amazonaws.com');
  });
});
