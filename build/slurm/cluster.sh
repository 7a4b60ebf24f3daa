#!/usr/bin/env bash
# A single-node Slurm cluster on this machine (controller and one compute node), for trying `drl-train sweep
# --backend slurm` and for the Slurm tests: `cluster.sh start` installs Debian's slurm-wlm and munge if they are
# missing, writes /etc/slurm/slurm.conf for this host (all its CPUs and most of its memory in one partition, `drl`),
# and starts munged, slurmctld and slurmd; `cluster.sh stop` stops them; `cluster.sh status` says whether the node
# takes jobs. Needs root (or sudo). A slurm.conf this script did not write is never touched: on a machine that is
# already part of a cluster, use that cluster.
set -euo pipefail

state=/var/lib/drlrobot-slurm
conf=/etc/slurm/slurm.conf
marker="# written by DrlRobot build/slurm/cluster.sh"

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

die() { echo "cluster.sh: $*" >&2; exit 1; }

install_packages() {
  command -v slurmctld >/dev/null 2>&1 && command -v slurmd >/dev/null 2>&1 && command -v munged >/dev/null 2>&1 && return
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq slurm-wlm munge >/dev/null
}

write_config() {
  if [ -f "$conf" ] && ! grep -qF "$marker" "$conf"; then
    die "$conf exists and was not written by this script; use that cluster, or move it aside first"
  fi
  local host cpus mem_mb
  host=$(hostname -s)
  cpus=$(nproc --all)
  # Leave a quarter of the memory (at least 1 GiB) to the system.
  mem_mb=$(awk '/^MemTotal:/ { m = int($2 / 1024); r = int(m / 4); if (r < 1024) r = 1024; print (m > r ? m - r : m) }' /proc/meminfo)
  $sudo mkdir -p /etc/slurm "$state/ctld" "$state/d" /var/log/slurm
  $sudo tee "$conf" >/dev/null <<CONF
$marker
ClusterName=drlrobot
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
# No cgroups: containers and CI hosts rarely delegate them; processes are tracked by their parent.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
# Finished jobs (state, exit code, times) are appended here; without slurmdbd this is what sacct would show.
JobCompType=jobcomp/filetxt
JobCompLoc=/var/log/slurm/jobcomp.log
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MpiDefault=none
# scancel and time limits send SIGTERM, then SIGKILL after KillWait: drl-train checkpoints within an iteration.
KillWait=30
MaxArraySize=100001
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=drl Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
}

start_munge() {
  if [ ! -s /etc/munge/munge.key ]; then
    $sudo mkdir -p /etc/munge
    $sudo dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
  $sudo chown munge:munge /etc/munge/munge.key 2>/dev/null || true
  $sudo chmod 400 /etc/munge/munge.key
  $sudo mkdir -p /run/munge /var/log/munge /var/lib/munge
  $sudo chown munge:munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
  if ! pgrep -x munged >/dev/null; then
    if id munge >/dev/null 2>&1; then
      $sudo -u munge /usr/sbin/munged 2>/dev/null || $sudo runuser -u munge -- /usr/sbin/munged
    else
      $sudo /usr/sbin/munged --force
    fi
  fi
}

# Waits until no process named $1 is left (a daemon told to stop takes a moment to save its state and go).
wait_gone() {
  for _ in $(seq 1 60); do
    pgrep -x "$1" >/dev/null || return 0
    sleep 0.5
  done
  die "$1 did not stop within 30 s"
}

wait_idle() {
  local host deadline
  host=$(hostname -s)
  deadline=$(( $(date +%s) + 60 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    # sinfo waits for the controller; a controller that is not there must not hold this loop.
    state_now=$(timeout 5 sinfo -h -n "$host" -o '%T' 2>/dev/null | head -n 1 || true)
    case "$state_now" in
      idle*|mixed*|allocated*) echo "cluster.sh: node $host is up ($state_now), partition drl"; return 0 ;;
      down*|drain*) $sudo scontrol update NodeName="$host" State=RESUME >/dev/null 2>&1 || true ;;
    esac
    sleep 0.5
  done
  die "node $host did not come up within 60 s; see /var/log/slurm/slurmctld.log and slurmd.log"
}

case "${1:-}" in
  start)
    install_packages
    write_config
    start_munge
    # A daemon that is running but does not answer (or is still saving its state after a stop) is restarted.
    if pgrep -x slurmctld >/dev/null && ! timeout 5 scontrol ping >/dev/null 2>&1; then
      $sudo pkill -x slurmctld 2>/dev/null || true
      wait_gone slurmctld
    fi
    pgrep -x slurmctld >/dev/null || $sudo /usr/sbin/slurmctld
    pgrep -x slurmd >/dev/null || $sudo /usr/sbin/slurmd
    pgrep -x slurmctld >/dev/null || die "slurmctld did not start; see /var/log/slurm/slurmctld.log"
    pgrep -x slurmd >/dev/null || die "slurmd did not start; see /var/log/slurm/slurmd.log"
    wait_idle
    ;;
  stop)
    $sudo pkill -x slurmd 2>/dev/null || true
    $sudo pkill -x slurmctld 2>/dev/null || true
    wait_gone slurmd
    wait_gone slurmctld
    echo "cluster.sh: stopped slurmctld and slurmd (munged left running)"
    ;;
  status)
    command -v sinfo >/dev/null 2>&1 || die "Slurm is not installed (cluster.sh start installs it)"
    sinfo
    ;;
  *)
    echo "usage: cluster.sh start|stop|status" >&2
    exit 2
    ;;
esac
