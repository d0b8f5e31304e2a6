/** Endpoint policies the lab plants, shared with the tests' builders: no AWS client here, so it stays cheap to import. */

/** An endpoint policy bound to one organization, the pattern AWS's data-perimeter guidance recommends. */
export const orgBoundPolicy = (organizationId: string, actions: readonly string[]) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: actions,
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': organizationId } },
      },
    ],
  });
