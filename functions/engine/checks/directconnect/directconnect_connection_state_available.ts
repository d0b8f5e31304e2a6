import type { Check } from '../check.ts';
import { NIST } from '../frameworks.ts';

const check = {
  id: 'directconnect_connection_state_available',
  title: 'Direct Connect connections are available',
  headline: 'Direct Connect connection is not available',
  service: 'directconnect',
  severity: 'HIGH',
  resourceType: 'AWS::DirectConnect::Connection',
  subject: 'dxConnections',
  requires: [],
  frameworks: [NIST.AC_17],
  rationale:
    'AWS names Direct Connect as one of the two private paths from on-premises networks to DynamoDB, File Cache and Pinpoint. A connection that is down or still being provisioned carries nothing; traffic moves to another path or stops.',
  remediation:
    'Check the connection and its cross-connect in the Direct Connect console (LOA-CFA, light levels, the partner for hosted connections), then open a case with AWS or the partner.',
  references: ['https://docs.aws.amazon.com/directconnect/latest/UserGuide/Welcome.html'],
  evaluate(resource) {
    const connection = resource.attributes;
    const subject = `Direct Connect connection ${connection.connectionId} (${connection.name || 'unnamed'}, ${connection.location})`;
    const evidence = { state: connection.state, location: connection.location, bandwidth: connection.bandwidth };
    if (connection.state === 'available') return { status: 'PASS', message: `${subject} is available.`, evidence };
    return {
      status: 'FAIL',
      severity: connection.state === 'down' ? 'HIGH' : 'MEDIUM',
      message: `${subject} is ${connection.state}.`,
      evidence,
    };
  },
} satisfies Check<'dxConnections'>;

export { check };
