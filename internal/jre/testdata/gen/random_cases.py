# Prints random java.util.regex cases for gen/Cases.java: python3 random_cases.py SEED COUNT.
# testdata/random_cases.golden is the first 2000 lines of its output for seed 7, count 3000,
# run through Cases.java.
import random
random.seed(int(__import__('sys').argv[1]))
atoms = ["a","b","c","x",".","\\\\d","\\\\w","\\\\s","\\\\D","\\\\W","\\\\S","[abc]","[^a]","[a-c&&[^b]]","[a[x-z]]","\\\\p{Alpha}","\\\\p{Lower}","\\\\p{L}","\\\\p{Punct}","\\\\h","\\\\v","\\\\R","\\\\b","\\\\B","^","$","\\\\Z","\\\\z","\\\\A","\\\\.","\\\\|","é","😀","\\\\x{e9}","\\\\u00e9","\\\\t","\\\\n","\\\\Qa.\\\\E","(?i)","(?m)","(?s)","(?d)","(?x) ","\\\\r\\\\n","\\\\cA","\\\\0101","[\\\\s\\\\d]","[-a]","[a-]","[]a]","\\\\1","\\\\k<g>",",",";"," ","-","\\\\e","\\\\a","\\\\f","#","\\\\p{IsLatin}","\\\\p{javaUpperCase}","\\\\p{Lu}","\\\\P{L}","[\\\\p{L}&&[^a-z]]"]
quants = ["","","","*","+","?","*?","+?","??","*+","++","?+","{2}","{1,2}","{0,}","{1,2}?","{1,2}+"]
def rx(depth=0):
    n = random.randint(1,4)
    out = ""
    for _ in range(n):
        r = random.random()
        if r < 0.15 and depth < 2:
            kind = random.choice(["(", "(?:", "(?=", "(?!", "(?<=", "(?<!", "(?>", "(?<g>", "(?i:", "(?-i:"])
            body = rx(depth+1)
            if random.random() < 0.3: body += "|" + rx(depth+1)
            out += kind + body + ")"
        else:
            out += random.choice(atoms)
        out += random.choice(quants)
    return out
inputs = ["abc", "aab\\nb", "x,y;z", "A b\\tC", "héllo wörld", "a😀b", "", "abc\\r\\n", "a\\nb\\n", "ABCabc123", "a.b|c", " \\u00A0x"]
L = []
for i in range(int(__import__('sys').argv[2])):
    re = rx()
    s = random.choice(inputs)
    op = random.choice(["matches","replaceAll","split","replaceFirst"])
    if op == "matches": L.append("\t".join([op, re, s]))
    elif op == "split": L.append("\t".join([op, re, s, str(random.choice([0,-1,2]))]))
    else: L.append("\t".join([op, re, s, random.choice(["<$0>","[$1]","-","${g}","\\\\$"])]))
print("\n".join(L))
