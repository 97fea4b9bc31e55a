# Regenerates src/index.ts from the layer index files (explicit names, layer by layer).
# Run from the repository root: python3 scripts/gen-index.py && npx prettier --write src/index.ts
import re,os
layers=['linalg','random','io','schedules','analysis','problems','solvers','unfold','experiments','report']
out=['/**',' * dugd: the public library API. Every name is listed explicitly, layer by',' * layer (docs/architecture.md); the CLI and the web page use only these.',' */']
seen={}
for L in layers:
    s=open(f'src/{L}/index.ts').read()
    s=re.sub(r'//.*','',s)
    vals=[];types=[]
    for m in re.finditer(r'export\s+(type\s+)?\{([^}]*)\}\s*from',s):
        names=[n.strip() for n in m.group(2).split(',') if n.strip()]
        for n in names:
            istype = bool(m.group(1)) or n.startswith('type ')
            n=n.replace('type ','').strip()
            if ' as ' in n: n=n.split(' as ')[1].strip()
            if n in seen: print('DUP',n,L,seen[n]); continue
            seen[n]=L
            (types if istype else vals).append(n)
    for m in re.finditer(r'export\s+\*\s+from',s): print('STAR in',L)
    sep=',\n  '
    if vals: out.append("export {\n  " + sep.join(vals) + ",\n} from './" + L + "/index.js';")
    if types: out.append("export type {\n  " + sep.join(types) + ",\n} from './" + L + "/index.js';")
open('src/index.ts','w').write('\n'.join(out)+'\n')
print(len(seen))
