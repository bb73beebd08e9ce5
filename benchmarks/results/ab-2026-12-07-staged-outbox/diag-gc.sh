#!/usr/bin/env bash
# usage: diag-gc.sh sockeye|limit PORT [extra JVM opts]: one warm fanout-1k-max run with a GC log
# Kept as the record of how runs.txt was made (paths of that session: ROOT=/work/main, the kit in /tmp/bench);
# run-limits.sh and limits/profile.sh are the supported tools. Its lines before this fix said "MB/delivery-est" for
# what is bytes per delivery.
cd ${ROOT:-/work/main}
S=$1; P=$2; X="${3:-}"
export JAVA_OPTS="-XX:+UseSerialGC -Xmn16m -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=200 -Xlog:gc:file=/tmp/gc-$S.log $X"
if [ $S = sockeye ]; then benchmarks/bench-server.sh --port $P > /tmp/srv-$S.log 2>&1 & else benchmarks/limit-server.sh --port $P > /tmp/srv-$S.log 2>&1 & fi
for i in $(seq 60); do grep -q READY /tmp/srv-$S.log && break; sleep 1; done
SP=$(grep -o 'pid=[0-9]*' /tmp/srv-$S.log | head -1 | cut -d= -f2)
export BENCH_DIR=/tmp/bench
/tmp/bench/loadgen/lg fanout --port $P --n 1000 --messages 3000 --size 100 --rate 0 --warmup 200 > /tmp/lg-warm.json 2>/dev/null
N0=$(grep -c "Pause Young" /tmp/gc-$S.log)
/tmp/bench/loadgen/lg fanout --port $P --n 1000 --messages 6000 --size 100 --rate 0 --warmup 200 > /tmp/lg-$S.json 2>/tmp/lg-$S.err
N1=$(grep -c "Pause Young" /tmp/gc-$S.log)
MS=$(grep "Pause Young" /tmp/gc-$S.log | tail -n $((N1-N0)) | awk '{gsub(/ms/,"",$NF); s+=$NF} END {print s}')
python3 - "$S" "$((N1-N0))" "$MS" <<'PY'
import json,sys
s=open('/tmp/lg-%s.json'%sys.argv[1]).read();d=json.loads(s[s.index('{'):])
c=d['cpu']
print(sys.argv[1], 'deliv/s', d['delivered_msgs_per_s'], 'send_s', d['server_send_s'], 'span_s', d['delivery_span_s'], 'srv us', c['server_cpu_us_per_msg'], 'lg us', c['loadgen_cpu_us_per_msg'], 'busy', c['machine_busy_pct'], 'lg%', c['loadgen_pct'], 'young GCs', sys.argv[2], 'ms', sys.argv[3], 'bytes/delivery-est', round(int(sys.argv[2])*13.5e6/(6000*1000+200*1000),1))
PY
kill $SP; sleep 1
