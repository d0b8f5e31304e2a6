"""Extracts what validating an OCSF Compliance Finding (class 2003) needs from the OCSF schema
repository at one commit: the class's attributes (base_event → finding → compliance_finding,
profiles left out), the objects they reach, and the dictionary entries and types they use.
usage: python3 test/support/ocsf/extract.py <schema checkout> <out.json> <commit> [objects to keep...]"""
import json, os, sys
root, out, commit, keep = sys.argv[1], sys.argv[2], sys.argv[3], set(sys.argv[4:])
load = lambda p: json.load(open(os.path.join(root, p)))
D = load('dictionary.json')
def merged(path, kind):
    d = load(path); chain = [d]
    while d.get('extends') and d['extends'] not in ('object',):
        base = d['extends']
        p = f"{'events' if kind=='event' else 'objects'}/{base}.json"
        if kind == 'event' and not os.path.exists(os.path.join(root, p)):
            p = next(os.path.join(dp, f).replace(root + '/', '') for dp, _, fs in os.walk(os.path.join(root, 'events')) for f in fs if f == base + '.json')
        d = load(p); chain.append(d)
    attrs, constraints = {}, {}
    for d in reversed(chain):
        for k, v in d.get('attributes', {}).items():
            if k == '$include': continue
            attrs[k] = {**attrs.get(k, {}), **{x: v[x] for x in ('requirement', 'enum') if x in v}}
        constraints.update(d.get('constraints', {}))
    return chain[0], attrs, constraints
cls, cattrs, cconstraints = merged('events/findings/compliance_finding.json', 'event')
objects, pending = {}, [k for k in cattrs]
def obj_of(attr): 
    t = D['attributes'].get(attr, {}).get('type', '')
    return None if t.endswith('_t') or t == '' else t
names = set(cattrs)
queue = [obj_of(a) for a in cattrs if obj_of(a) and (cattrs[a].get('requirement') in ('required',) or obj_of(a) in keep)]
while queue:
    o = queue.pop()
    if o in objects or o is None: continue
    _, oattrs, ocons = merged(f'objects/{o}.json', 'object')
    objects[o] = {'attributes': oattrs, **({'constraints': ocons} if ocons else {})}
    names |= set(oattrs)
    for a, v in oattrs.items():
        t = obj_of(a)
        if t and (v.get('requirement') == 'required' or t in keep): queue.append(t)
dictionary = {n: {k: D['attributes'][n][k] for k in ('type', 'is_array', 'enum') if k in D['attributes'][n]} for n in sorted(names) if n in D['attributes']}
types = {t: {k: v for k, v in D['types']['attributes'][t].items() if k in ('type', 'regex', 'range', 'max_len')} for t in D['types']['attributes']}
json.dump({
    'ocsf_version': load('version.json')['version'],
    'source': f'https://github.com/ocsf/ocsf-schema/tree/{commit}',
    'license': 'Apache-2.0 (https://github.com/ocsf/ocsf-schema/blob/main/LICENSE)',
    'extracted_by': 'test/support/ocsf/extract.py',
    'class': {'name': cls['name'], 'uid': 2003, 'category_uid': 2, 'attributes': cattrs, 'constraints': cconstraints},
    'objects': objects, 'dictionary': dictionary, 'types': types,
}, open(out, 'w'), indent=1, sort_keys=True)
print(len(objects), 'objects', len(dictionary), 'attributes', os.path.getsize(out), 'bytes')
