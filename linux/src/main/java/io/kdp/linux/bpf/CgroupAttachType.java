package io.kdp.linux.bpf;

/** The cgroup sock_addr attach points (enum bpf_attach_type) a socket load balancer uses, named as bpftool prints them. */
public enum CgroupAttachType {
    /** BPF_CGROUP_INET4_CONNECT: connect(2) on an IPv4 socket, before the kernel sees the address. */
    INET4_CONNECT("connect4"),
    /** BPF_CGROUP_UDP4_SENDMSG: sendmsg(2)/sendto(2) with an address on an unconnected UDP socket. */
    UDP4_SENDMSG("sendmsg4"),
    /** BPF_CGROUP_UDP4_RECVMSG: the source address recvmsg(2) reports for a UDP datagram. */
    UDP4_RECVMSG("recvmsg4"),
    /** BPF_CGROUP_INET4_GETPEERNAME: the peer address getpeername(2) reports. */
    INET4_GETPEERNAME("getpeername4");

    private final String bpftoolName;

    CgroupAttachType(String bpftoolName) {
        this.bpftoolName = bpftoolName;
    }

    public String bpftoolName() {
        return bpftoolName;
    }
}
