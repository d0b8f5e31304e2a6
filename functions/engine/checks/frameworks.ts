/**
 * The compliance controls an auditor asks about, each defined once with the clause a mapping
 * rests on; every check names the controls it provides evidence for (or says `'none'`), and the
 * JSON document, Security Hub (Compliance.RelatedRequirements) and `tpm checks --framework` read
 * them from there. A mapping means "this check's PASS is evidence for that clause in this
 * estate", never "passing it makes you compliant".
 *
 * NIST SP 800-53 clauses are quoted from Rev. 5 (a public-domain US government text); PCI DSS
 * clauses are paraphrased from v4.0 (the standard's text is the PCI SSC's); Security Hub controls
 * are named as the Security Hub CSPM controls reference titles them.
 */

export const FRAMEWORKS = {
  'nist-800-53': {
    name: 'NIST SP 800-53 Rev. 5',
    source: 'https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final',
    /** How Security Hub's own findings spell these requirements (Compliance.RelatedRequirements). */
    requirementPrefix: 'NIST.800-53.r5 ',
  },
  'pci-dss-4.0': {
    name: 'PCI DSS v4.0',
    source: 'https://docs-prv.pcisecuritystandards.org/PCI%20DSS/Standard/PCI-DSS-v4_0.pdf',
    requirementPrefix: 'PCI DSS v4.0/',
  },
  'aws-security-hub': {
    name: 'AWS Security Hub CSPM controls',
    source: 'https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-controls-reference.html',
    requirementPrefix: 'AWS Security Hub ',
  },
} as const;

export type FrameworkId = keyof typeof FRAMEWORKS;
export const FRAMEWORK_IDS = Object.keys(FRAMEWORKS) as FrameworkId[];

export interface Control {
  readonly framework: FrameworkId;
  /** The control's id as the framework writes it: `SC-8(1)`, `4.2.1`, `EC2.20`. */
  readonly id: string;
  readonly title: string;
  /** The text of the clause the mapping rests on. */
  readonly clause: string;
}

/** A check's mappings: the controls it gives evidence for, or an explicit "none". */
export type ControlMappings = readonly Control[] | 'none';

const nist = (id: string, title: string, clause: string): Control => ({ framework: 'nist-800-53', id, title, clause });
const pci = (id: string, title: string, clause: string): Control => ({ framework: 'pci-dss-4.0', id, title, clause });
const hub = (id: string, title: string): Control => ({ framework: 'aws-security-hub', id, title, clause: title });

export const NIST = {
  AC_4: nist(
    'AC-4',
    'Information Flow Enforcement',
    'Enforce approved authorizations for controlling the flow of information within the system and between connected systems.',
  ),
  AC_17: nist(
    'AC-17',
    'Remote Access',
    'Establish and document usage restrictions, configuration/connection requirements, and implementation guidance for each type of remote access allowed; authorize each type of remote access to the system prior to allowing such connections.',
  ),
  AC_17_2: nist(
    'AC-17(2)',
    'Remote Access | Protection of Confidentiality and Integrity Using Encryption',
    'Implement cryptographic mechanisms to protect the confidentiality and integrity of remote access sessions.',
  ),
  AU_12: nist(
    'AU-12',
    'Audit Record Generation',
    'Provide audit record generation capability for the event types the system is capable of auditing.',
  ),
  CP_8: nist(
    'CP-8',
    'Telecommunications Services',
    'Establish alternate telecommunications services to permit the resumption of system operations when the primary telecommunications capabilities are unavailable.',
  ),
  SC_7: nist(
    'SC-7',
    'Boundary Protection',
    'Monitor and control communications at the external managed interfaces to the system and at key internal managed interfaces within the system.',
  ),
  SC_8: nist(
    'SC-8',
    'Transmission Confidentiality and Integrity',
    'Protect the confidentiality and integrity of transmitted information.',
  ),
  SC_8_1: nist(
    'SC-8(1)',
    'Transmission Confidentiality and Integrity | Cryptographic Protection',
    'Implement cryptographic mechanisms to prevent unauthorized disclosure of information and detect changes to information during transmission.',
  ),
  SC_13: nist(
    'SC-13',
    'Cryptographic Protection',
    'Determine the cryptographic uses; and implement the types of cryptography required for each specified cryptographic use.',
  ),
  SC_17: nist(
    'SC-17',
    'Public Key Infrastructure Certificates',
    'Issue public key certificates under an organization-defined certificate policy or obtain public key certificates from an approved service provider.',
  ),
  SC_23: nist('SC-23', 'Session Authenticity', 'Protect the authenticity of communications sessions.'),
} as const;

export const PCI = {
  R1_3_1: pci(
    '1.3.1',
    'Inbound traffic to the CDE is restricted',
    'Inbound traffic to the cardholder data environment is restricted to only the traffic that is necessary, and all other traffic is specifically denied.',
  ),
  R1_4_2: pci(
    '1.4.2',
    'Inbound traffic from untrusted networks is restricted',
    'Inbound traffic from untrusted networks to trusted networks is restricted to communications that are authorized (responses to communications initiated within the trusted network, or otherwise authorized).',
  ),
  R4_2_1: pci(
    '4.2.1',
    'Strong cryptography for PAN in transmission',
    'Strong cryptography and security protocols safeguard PAN during transmission over open, public networks: only trusted keys and certificates are accepted, certificates are confirmed valid and not expired or revoked, and the protocol supports only secure versions and configurations with encryption strength appropriate to the method.',
  ),
  R10_2_1: pci(
    '10.2.1',
    'Audit logs are enabled',
    'Audit logs are enabled and active for all system components and cardholder data.',
  ),
} as const;

export const SECURITY_HUB = {
  EC2_20: hub('EC2.20', 'Both VPN tunnels for an AWS Site-to-Site VPN connection should be up'),
  ELB_17: hub('ELB.17', 'Application and Network Load Balancers with listeners should use recommended security policies'),
} as const;

/** The requirement strings of a check's mappings, spelt as Security Hub spells its own (at most 32, ASFF's limit). */
export const relatedRequirements = (mappings: ControlMappings): string[] =>
  controlLabels(mappings === 'none' ? mappings : mappings.filter((control) => control.framework !== 'aws-security-hub')).slice(
    0,
    32,
  );

/** Every mapping of a check as one label (`NIST.800-53.r5 SC-8(1)`, `AWS Security Hub EC2.20`), for documents. */
export const controlLabels = (mappings: ControlMappings): string[] =>
  mappings === 'none' ? [] : mappings.map((control) => `${FRAMEWORKS[control.framework].requirementPrefix}${control.id}`);

/** A check's mappings of one framework. */
export const controlsOf = (mappings: ControlMappings, framework: FrameworkId): Control[] =>
  mappings === 'none' ? [] : mappings.filter((control) => control.framework === framework);
