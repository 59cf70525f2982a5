package io.kdp.kubeproxy.ebpf;

import java.util.ArrayList;
import java.util.List;

/**
 * lb4_service flags (bpf/lib/common.h SVC_FLAG_*) and their names as Cilium's
 * loadbalancer.ServiceFlags.String() prints them in {@code cilium bpf lb list}: the service type,
 * then {@code Local}, {@code sessionAffinity}, {@code non-routable}, {@code check source-range}.
 */
public final class ServiceFlags {
    public static final int EXTERNAL_IP = 1;
    public static final int NODEPORT = 1 << 1;
    public static final int LOCAL_SCOPE = 1 << 2;
    public static final int HOSTPORT = 1 << 3;
    public static final int AFFINITY = 1 << 4;
    public static final int LOADBALANCER = 1 << 5;
    public static final int ROUTABLE = 1 << 6;
    public static final int SOURCE_RANGE = 1 << 7;

    private ServiceFlags() {}

    /** The type name SVCType() derives from the flags. */
    public static String type(int flags) {
        if ((flags & EXTERNAL_IP) != 0) return "ExternalIPs";
        if ((flags & NODEPORT) != 0) return "NodePort";
        if ((flags & LOADBALANCER) != 0) return "LoadBalancer";
        if ((flags & HOSTPORT) != 0) return "HostPort";
        return "ClusterIP";
    }

    /** As ServiceFlags.String(), e.g. {@code ClusterIP, sessionAffinity, non-routable}. */
    public static String describe(int flags) {
        List<String> s = new ArrayList<>();
        s.add(type(flags));
        if ((flags & LOCAL_SCOPE) != 0) s.add("Local");
        if ((flags & AFFINITY) != 0) s.add("sessionAffinity");
        if ((flags & ROUTABLE) == 0) s.add("non-routable");
        if ((flags & SOURCE_RANGE) != 0) s.add("check source-range");
        return String.join(", ", s);
    }
}
