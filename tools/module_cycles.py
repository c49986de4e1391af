#!/usr/bin/env python3
"""The module graph of a crate's src/ from its paths (`crate::`, `super::`, a parent naming its own
children; quote! bodies skipped), and its import cycles (Tarjan SCCs).

Usage: python3 tools/module_cycles.py codegen/src [-v] [--strict]
-v prints every edge; --strict also counts a child naming its own ancestor."""
import os, re, sys
root=sys.argv[1]
STRICT='--strict' in sys.argv
mods={}
for dp,_,fs in os.walk(root):
    for f in fs:
        if not f.endswith('.rs'): continue
        p=os.path.join(dp,f); rel=os.path.relpath(p,root)[:-3].split(os.sep)
        if rel[-1] in ('mod','lib','main'): rel=rel[:-1]
        mods['::'.join(rel)]=open(p).read()
def strip_quote(s):
    out=[];i=0
    while True:
        j=s.find('quote!',i)
        if j<0: out.append(s[i:]); break
        out.append(s[i:j]); k=j+6
        while k<len(s) and s[k] in ' \n': k+=1
        if k>=len(s) or s[k] not in '{([': i=k; continue
        op=s[k]; cl={'{':'}','(':')','[':']'}[op]; d=0
        while k<len(s):
            if s[k]==op: d+=1
            elif s[k]==cl:
                d-=1
                if d==0: break
            k+=1
        i=k+1
    return ''.join(out)
def strip(s):
    s=strip_quote(s)
    s=re.sub(r'#\[cfg\(test\)\]\s*mod tests\s*\{.*', '', s, flags=re.S)
    return '\n'.join(l for l in s.split('\n') if not l.strip().startswith('//'))
edges={m:set() for m in mods}
for m,s in mods.items():
    s=strip(s)
    parent=m.rsplit('::',1)[0] if '::' in m else ''
    for path in re.findall(r'\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)+)', s):
        base=[] if path[0]=='crate' else (parent.split('::') if parent else [])
        parts=base+path[1].strip(':').split('::')
        # longest prefix that is a module
        target=None
        for i in range(len(parts),0,-1):
            c='::'.join(parts[:i])
            if c in mods: target=c; break
        if target and target!=m and (STRICT or not m.startswith(target+'::')):
            edges[m].add(target)
    # relative paths to own children: `use child::X`, `child::f()`, `pub use child::{..}`
    for c in mods:
        if '::' in c or m=='' :
            pass
        if (c.rsplit('::',1)[0] if '::' in c else '')==m and c!=m:
            name=c.rsplit('::',1)[-1]
            if re.search(r'(?<![:\w])(self::)?'+name+r'::', s) or re.search(r'use (self::)?'+name+r'\b', s):
                edges[m].add(c)
    # braces: use crate::{a, b::c}
    for grp in re.findall(r'use crate::\{([^}]*)\}', s):
        for item in grp.split(','):
            first=item.strip().split('::')[0]
            if first in mods and first!=m: edges[m].add(first)
# cycles via Tarjan SCC
idx={};low={};st=[];on=set();sccs=[];c=[0]
sys.setrecursionlimit(10000)
def dfs(v):
    idx[v]=low[v]=c[0];c[0]+=1;st.append(v);on.add(v)
    for w in edges[v]:
        if w not in idx: dfs(w);low[v]=min(low[v],low[w])
        elif w in on: low[v]=min(low[v],idx[w])
    if low[v]==idx[v]:
        comp=[]
        while True:
            w=st.pop();on.discard(w);comp.append(w)
            if w==v: break
        if len(comp)>1: sccs.append(sorted(comp))
for v in mods:
    if v not in idx: dfs(v)
if '-v' in sys.argv:
    for m in sorted(edges): print(m or '(root)','->',', '.join(sorted(x or '(root)' for x in edges[m])))
print(f"{root}: {len(mods)} modules, {sum(len(e) for e in edges.values())} edges, {len(sccs)} cycles")
for s in sccs:
    print("  cycle:", ' <-> '.join(x or '(root)' for x in s))
    for a in s:
        for b in sorted(edges[a]):
            if b in s: print(f"    {a or '(root)'} -> {b or '(root)'}")
