/*
 * w32shim: sal.h and specstrings.h: the source annotation language.
 *
 * SAL annotations (_In_, _Out_writes_(n), __in_opt, ...) inform Microsoft's
 * static analyser and mean nothing to the compiler; every one is empty here.
 * A name already defined as a macro is left alone.
 *
 * In C++ the SAL 1 words __in, __out and __range are not defined, as in
 * mingw-w64: libstdc++ uses them as parameter names, and a program that
 * includes a C++ standard header after <windows.h> would not compile.
 */
#ifndef W32SHIM_SAL_H
#define W32SHIM_SAL_H

#ifndef _SAL_VERSION
#define _SAL_VERSION 20
#endif

/* SAL 1. */
#ifndef __cplusplus
#ifndef __in
#define __in
#endif
#ifndef __out
#define __out
#endif
#ifndef __range
#define __range(...)
#endif
#endif
#ifndef __analysis_assume
#define __analysis_assume(...)
#endif
#ifndef __bcount
#define __bcount(...)
#endif
#ifndef __checkReturn
#define __checkReturn
#endif
#ifndef __deref
#define __deref
#endif
#ifndef __deref_opt_out
#define __deref_opt_out
#endif
#ifndef __deref_opt_out_bcount
#define __deref_opt_out_bcount(...)
#endif
#ifndef __deref_out
#define __deref_out
#endif
#ifndef __deref_out_ecount
#define __deref_out_ecount(...)
#endif
#ifndef __deref_out_opt
#define __deref_out_opt
#endif
#ifndef __ecount
#define __ecount(...)
#endif
#ifndef __encoded_pointer
#define __encoded_pointer
#endif
#ifndef __fallthrough
#define __fallthrough
#endif
#ifndef __in_bcount
#define __in_bcount(...)
#endif
#ifndef __in_bcount_nz
#define __in_bcount_nz(...)
#endif
#ifndef __in_bcount_z
#define __in_bcount_z(...)
#endif
#ifndef __in_ecount
#define __in_ecount(...)
#endif
#ifndef __in_ecount_nz
#define __in_ecount_nz(...)
#endif
#ifndef __in_ecount_z
#define __in_ecount_z(...)
#endif
#ifndef __in_opt
#define __in_opt
#endif
#ifndef __inout
#define __inout
#endif
#ifndef __inout_bcount
#define __inout_bcount(...)
#endif
#ifndef __inout_bcount_full
#define __inout_bcount_full(...)
#endif
#ifndef __inout_bcount_nz
#define __inout_bcount_nz(...)
#endif
#ifndef __inout_bcount_part
#define __inout_bcount_part(...)
#endif
#ifndef __inout_bcount_z
#define __inout_bcount_z(...)
#endif
#ifndef __inout_ecount
#define __inout_ecount(...)
#endif
#ifndef __inout_ecount_full
#define __inout_ecount_full(...)
#endif
#ifndef __inout_ecount_nz
#define __inout_ecount_nz(...)
#endif
#ifndef __inout_ecount_part
#define __inout_ecount_part(...)
#endif
#ifndef __inout_ecount_z
#define __inout_ecount_z(...)
#endif
#ifndef __inout_opt
#define __inout_opt
#endif
#ifndef __nothrow
#define __nothrow
#endif
#ifndef __out_bcount
#define __out_bcount(...)
#endif
#ifndef __out_bcount_full
#define __out_bcount_full(...)
#endif
#ifndef __out_bcount_full_z
#define __out_bcount_full_z(...)
#endif
#ifndef __out_bcount_nz
#define __out_bcount_nz(...)
#endif
#ifndef __out_bcount_part
#define __out_bcount_part(...)
#endif
#ifndef __out_bcount_part_z
#define __out_bcount_part_z(...)
#endif
#ifndef __out_bcount_z
#define __out_bcount_z(...)
#endif
#ifndef __out_ecount
#define __out_ecount(...)
#endif
#ifndef __out_ecount_full
#define __out_ecount_full(...)
#endif
#ifndef __out_ecount_full_z
#define __out_ecount_full_z(...)
#endif
#ifndef __out_ecount_nz
#define __out_ecount_nz(...)
#endif
#ifndef __out_ecount_part
#define __out_ecount_part(...)
#endif
#ifndef __out_ecount_part_z
#define __out_ecount_part_z(...)
#endif
#ifndef __out_ecount_z
#define __out_ecount_z(...)
#endif
#ifndef __out_opt
#define __out_opt
#endif
#ifndef __refparam
#define __refparam
#endif

/* SAL 2. */
#ifndef _Acquires_exclusive_lock_
#define _Acquires_exclusive_lock_(...)
#endif
#ifndef _Acquires_lock_
#define _Acquires_lock_(...)
#endif
#ifndef _Acquires_nonreentrant_lock_
#define _Acquires_nonreentrant_lock_(...)
#endif
#ifndef _Acquires_shared_lock_
#define _Acquires_shared_lock_(...)
#endif
#ifndef _Always_
#define _Always_(...)
#endif
#ifndef _Analysis_assume_
#define _Analysis_assume_(...)
#endif
#ifndef _Analysis_assume_nullterminated_
#define _Analysis_assume_nullterminated_(...)
#endif
#ifndef _Analysis_mode_
#define _Analysis_mode_(...)
#endif
#ifndef _Analysis_noreturn_
#define _Analysis_noreturn_
#endif
#ifndef _At_
#define _At_(...)
#endif
#ifndef _At_buffer_
#define _At_buffer_(...)
#endif
#ifndef _Benign_race_begin_
#define _Benign_race_begin_
#endif
#ifndef _Benign_race_end_
#define _Benign_race_end_
#endif
#ifndef _Called_from_function_class_
#define _Called_from_function_class_(...)
#endif
#ifndef _Check_return_
#define _Check_return_
#endif
#ifndef _COM_Outptr_
#define _COM_Outptr_
#endif
#ifndef _COM_Outptr_opt_
#define _COM_Outptr_opt_
#endif
#ifndef _COM_Outptr_opt_result_maybenull_
#define _COM_Outptr_opt_result_maybenull_
#endif
#ifndef _COM_Outptr_result_maybenull_
#define _COM_Outptr_result_maybenull_
#endif
#ifndef _Const_
#define _Const_
#endif
#ifndef _Create_lock_level_
#define _Create_lock_level_(...)
#endif
#ifndef _CRT_SECURE_CPP_OVERLOAD_SECURE_
#define _CRT_SECURE_CPP_OVERLOAD_SECURE_
#endif
#ifndef _CRT_SECURE_CPP_OVERLOAD_STANDARD_
#define _CRT_SECURE_CPP_OVERLOAD_STANDARD_
#endif
#ifndef _CRT_SECURE_CPP_OVERLOAD_STANDARD_NAMES_
#define _CRT_SECURE_CPP_OVERLOAD_STANDARD_NAMES_
#endif
#ifndef _CRT_SECURE_NO_
#define _CRT_SECURE_NO_
#endif
#ifndef _Deref2_pre_readonly_
#define _Deref2_pre_readonly_(...)
#endif
#ifndef _Deref_in_range_
#define _Deref_in_range_(...)
#endif
#ifndef _Deref_inout_range_
#define _Deref_inout_range_(...)
#endif
#ifndef _Deref_opt_out_
#define _Deref_opt_out_
#endif
#ifndef _Deref_opt_out_opt_
#define _Deref_opt_out_opt_
#endif
#ifndef _Deref_out_
#define _Deref_out_
#endif
#ifndef _Deref_out_opt_
#define _Deref_out_opt_
#endif
#ifndef _Deref_out_range_
#define _Deref_out_range_(...)
#endif
#ifndef _Deref_post_z_
#define _Deref_post_z_
#endif
#ifndef _Deref_pre_z_
#define _Deref_pre_z_
#endif
#ifndef _Deref_ret_range_
#define _Deref_ret_range_(...)
#endif
#ifndef _Dispatch_type_
#define _Dispatch_type_(...)
#endif
#ifndef _Field_range_
#define _Field_range_(...)
#endif
#ifndef _Field_size_
#define _Field_size_(...)
#endif
#ifndef _Field_size_bytes_
#define _Field_size_bytes_(...)
#endif
#ifndef _Field_size_bytes_full_
#define _Field_size_bytes_full_(...)
#endif
#ifndef _Field_size_bytes_full_opt_
#define _Field_size_bytes_full_opt_(...)
#endif
#ifndef _Field_size_bytes_opt_
#define _Field_size_bytes_opt_(...)
#endif
#ifndef _Field_size_bytes_part_
#define _Field_size_bytes_part_(...)
#endif
#ifndef _Field_size_bytes_part_opt_
#define _Field_size_bytes_part_opt_(...)
#endif
#ifndef _Field_size_full_
#define _Field_size_full_(...)
#endif
#ifndef _Field_size_full_opt_
#define _Field_size_full_opt_(...)
#endif
#ifndef _Field_size_opt_
#define _Field_size_opt_(...)
#endif
#ifndef _Field_size_part_
#define _Field_size_part_(...)
#endif
#ifndef _Field_size_part_opt_
#define _Field_size_part_opt_(...)
#endif
#ifndef _Field_z_
#define _Field_z_
#endif
#ifndef _Format_string_impl_
#define _Format_string_impl_(...)
#endif
#ifndef _Frees_ptr_
#define _Frees_ptr_
#endif
#ifndef _Frees_ptr_opt_
#define _Frees_ptr_opt_
#endif
#ifndef _Function_class_
#define _Function_class_(...)
#endif
#ifndef _Function_ignore_lock_checking_
#define _Function_ignore_lock_checking_(...)
#endif
#ifndef _Group_
#define _Group_(...)
#endif
#ifndef _Guarded_by_
#define _Guarded_by_(...)
#endif
#ifndef _Has_lock_kind_
#define _Has_lock_kind_(...)
#endif
#ifndef _In_
#define _In_
#endif
#ifndef _In_bytecount_
#define _In_bytecount_(...)
#endif
#ifndef _In_bytecount_c_
#define _In_bytecount_c_(...)
#endif
#ifndef _In_bytecount_x_
#define _In_bytecount_x_(...)
#endif
#ifndef _In_count_
#define _In_count_(...)
#endif
#ifndef _In_count_c_
#define _In_count_c_(...)
#endif
#ifndef _In_count_x_
#define _In_count_x_(...)
#endif
#ifndef _In_defensive_
#define _In_defensive_(...)
#endif
#ifndef _In_opt_
#define _In_opt_
#endif
#ifndef _In_opt_bytecount_
#define _In_opt_bytecount_(...)
#endif
#ifndef _In_opt_bytecount_c_
#define _In_opt_bytecount_c_(...)
#endif
#ifndef _In_opt_bytecount_x_
#define _In_opt_bytecount_x_(...)
#endif
#ifndef _In_opt_count_
#define _In_opt_count_(...)
#endif
#ifndef _In_opt_count_c_
#define _In_opt_count_c_(...)
#endif
#ifndef _In_opt_count_x_
#define _In_opt_count_x_(...)
#endif
#ifndef _In_opt_ptrdiff_count_
#define _In_opt_ptrdiff_count_(...)
#endif
#ifndef _In_opt_z_
#define _In_opt_z_
#endif
#ifndef _In_opt_z_bytecount_
#define _In_opt_z_bytecount_(...)
#endif
#ifndef _In_opt_z_bytecount_c_
#define _In_opt_z_bytecount_c_(...)
#endif
#ifndef _In_opt_z_count_
#define _In_opt_z_count_(...)
#endif
#ifndef _In_opt_z_count_c_
#define _In_opt_z_count_c_(...)
#endif
#ifndef _In_ptrdiff_count_
#define _In_ptrdiff_count_(...)
#endif
#ifndef _In_range_
#define _In_range_(...)
#endif
#ifndef _In_reads_
#define _In_reads_(...)
#endif
#ifndef _In_reads_bytes_
#define _In_reads_bytes_(...)
#endif
#ifndef _In_reads_bytes_opt_
#define _In_reads_bytes_opt_(...)
#endif
#ifndef _In_reads_opt_
#define _In_reads_opt_(...)
#endif
#ifndef _In_reads_opt_z_
#define _In_reads_opt_z_(...)
#endif
#ifndef _In_reads_or_z_
#define _In_reads_or_z_(...)
#endif
#ifndef _In_reads_or_z_opt_
#define _In_reads_or_z_opt_(...)
#endif
#ifndef _In_reads_to_ptr_
#define _In_reads_to_ptr_(...)
#endif
#ifndef _In_reads_to_ptr_opt_
#define _In_reads_to_ptr_opt_(...)
#endif
#ifndef _In_reads_to_ptr_opt_z_
#define _In_reads_to_ptr_opt_z_(...)
#endif
#ifndef _In_reads_to_ptr_z_
#define _In_reads_to_ptr_z_(...)
#endif
#ifndef _In_reads_z_
#define _In_reads_z_(...)
#endif
#ifndef _In_z_
#define _In_z_
#endif
#ifndef _In_z_bytecount_
#define _In_z_bytecount_(...)
#endif
#ifndef _In_z_bytecount_c_
#define _In_z_bytecount_c_(...)
#endif
#ifndef _In_z_count_
#define _In_z_count_(...)
#endif
#ifndef _In_z_count_c_
#define _In_z_count_c_(...)
#endif
#ifndef _Inout_
#define _Inout_
#endif
#ifndef _Inout_bytecap_
#define _Inout_bytecap_(...)
#endif
#ifndef _Inout_bytecap_c_
#define _Inout_bytecap_c_(...)
#endif
#ifndef _Inout_bytecap_x_
#define _Inout_bytecap_x_(...)
#endif
#ifndef _Inout_bytecount_
#define _Inout_bytecount_(...)
#endif
#ifndef _Inout_bytecount_c_
#define _Inout_bytecount_c_(...)
#endif
#ifndef _Inout_bytecount_x_
#define _Inout_bytecount_x_(...)
#endif
#ifndef _Inout_cap_
#define _Inout_cap_(...)
#endif
#ifndef _Inout_cap_c_
#define _Inout_cap_c_(...)
#endif
#ifndef _Inout_cap_x_
#define _Inout_cap_x_(...)
#endif
#ifndef _Inout_count_
#define _Inout_count_(...)
#endif
#ifndef _Inout_count_c_
#define _Inout_count_c_(...)
#endif
#ifndef _Inout_count_x_
#define _Inout_count_x_(...)
#endif
#ifndef _Inout_opt_
#define _Inout_opt_
#endif
#ifndef _Inout_opt_bytecap_
#define _Inout_opt_bytecap_(...)
#endif
#ifndef _Inout_opt_bytecap_c_
#define _Inout_opt_bytecap_c_(...)
#endif
#ifndef _Inout_opt_bytecap_x_
#define _Inout_opt_bytecap_x_(...)
#endif
#ifndef _Inout_opt_bytecount_
#define _Inout_opt_bytecount_(...)
#endif
#ifndef _Inout_opt_bytecount_c_
#define _Inout_opt_bytecount_c_(...)
#endif
#ifndef _Inout_opt_bytecount_x_
#define _Inout_opt_bytecount_x_(...)
#endif
#ifndef _Inout_opt_cap_
#define _Inout_opt_cap_(...)
#endif
#ifndef _Inout_opt_cap_c_
#define _Inout_opt_cap_c_(...)
#endif
#ifndef _Inout_opt_cap_x_
#define _Inout_opt_cap_x_(...)
#endif
#ifndef _Inout_opt_count_
#define _Inout_opt_count_(...)
#endif
#ifndef _Inout_opt_count_c_
#define _Inout_opt_count_c_(...)
#endif
#ifndef _Inout_opt_count_x_
#define _Inout_opt_count_x_(...)
#endif
#ifndef _Inout_opt_ptrdiff_count_
#define _Inout_opt_ptrdiff_count_(...)
#endif
#ifndef _Inout_opt_z_
#define _Inout_opt_z_
#endif
#ifndef _Inout_opt_z_bytecap_
#define _Inout_opt_z_bytecap_(...)
#endif
#ifndef _Inout_opt_z_bytecap_c_
#define _Inout_opt_z_bytecap_c_(...)
#endif
#ifndef _Inout_opt_z_bytecap_x_
#define _Inout_opt_z_bytecap_x_(...)
#endif
#ifndef _Inout_opt_z_bytecount_
#define _Inout_opt_z_bytecount_(...)
#endif
#ifndef _Inout_opt_z_bytecount_c_
#define _Inout_opt_z_bytecount_c_(...)
#endif
#ifndef _Inout_opt_z_cap_
#define _Inout_opt_z_cap_(...)
#endif
#ifndef _Inout_opt_z_cap_c_
#define _Inout_opt_z_cap_c_(...)
#endif
#ifndef _Inout_opt_z_cap_x_
#define _Inout_opt_z_cap_x_(...)
#endif
#ifndef _Inout_opt_z_count_
#define _Inout_opt_z_count_(...)
#endif
#ifndef _Inout_opt_z_count_c_
#define _Inout_opt_z_count_c_(...)
#endif
#ifndef _Inout_ptrdiff_count_
#define _Inout_ptrdiff_count_(...)
#endif
#ifndef _Inout_updates_
#define _Inout_updates_(...)
#endif
#ifndef _Inout_updates_all_
#define _Inout_updates_all_(...)
#endif
#ifndef _Inout_updates_all_opt_
#define _Inout_updates_all_opt_(...)
#endif
#ifndef _Inout_updates_bytes_
#define _Inout_updates_bytes_(...)
#endif
#ifndef _Inout_updates_bytes_all_
#define _Inout_updates_bytes_all_(...)
#endif
#ifndef _Inout_updates_bytes_all_opt_
#define _Inout_updates_bytes_all_opt_(...)
#endif
#ifndef _Inout_updates_bytes_opt_
#define _Inout_updates_bytes_opt_(...)
#endif
#ifndef _Inout_updates_bytes_to_
#define _Inout_updates_bytes_to_(...)
#endif
#ifndef _Inout_updates_bytes_to_opt_
#define _Inout_updates_bytes_to_opt_(...)
#endif
#ifndef _Inout_updates_opt_
#define _Inout_updates_opt_(...)
#endif
#ifndef _Inout_updates_opt_z_
#define _Inout_updates_opt_z_(...)
#endif
#ifndef _Inout_updates_to_
#define _Inout_updates_to_(...)
#endif
#ifndef _Inout_updates_to_opt_
#define _Inout_updates_to_opt_(...)
#endif
#ifndef _Inout_updates_z_
#define _Inout_updates_z_(...)
#endif
#ifndef _Inout_z_
#define _Inout_z_
#endif
#ifndef _Inout_z_bytecap_
#define _Inout_z_bytecap_(...)
#endif
#ifndef _Inout_z_bytecap_c_
#define _Inout_z_bytecap_c_(...)
#endif
#ifndef _Inout_z_bytecap_x_
#define _Inout_z_bytecap_x_(...)
#endif
#ifndef _Inout_z_bytecount_
#define _Inout_z_bytecount_(...)
#endif
#ifndef _Inout_z_bytecount_c_
#define _Inout_z_bytecount_c_(...)
#endif
#ifndef _Inout_z_cap_
#define _Inout_z_cap_(...)
#endif
#ifndef _Inout_z_cap_c_
#define _Inout_z_cap_c_(...)
#endif
#ifndef _Inout_z_cap_x_
#define _Inout_z_cap_x_(...)
#endif
#ifndef _Inout_z_count_
#define _Inout_z_count_(...)
#endif
#ifndef _Inout_z_count_c_
#define _Inout_z_count_c_(...)
#endif
#ifndef _Interlocked_
#define _Interlocked_
#endif
#ifndef _Interlocked_operand_
#define _Interlocked_operand_(...)
#endif
#ifndef _IRQL_raises_
#define _IRQL_raises_(...)
#endif
#ifndef _IRQL_requires_
#define _IRQL_requires_(...)
#endif
#ifndef _IRQL_requires_max_
#define _IRQL_requires_max_(...)
#endif
#ifndef _Kernel_float_saved_
#define _Kernel_float_saved_
#endif
#ifndef _Literal_
#define _Literal_
#endif
#ifndef _Lock_level_order_
#define _Lock_level_order_(...)
#endif
#ifndef _Maybe_raises_SEH_exception_
#define _Maybe_raises_SEH_exception_
#endif
#ifndef _Maybenull_
#define _Maybenull_
#endif
#ifndef _Must_inspect_result_
#define _Must_inspect_result_
#endif
#ifndef _No_competing_thread_
#define _No_competing_thread_
#endif
#ifndef _No_competing_thread_begin_
#define _No_competing_thread_begin_
#endif
#ifndef _No_competing_thread_end_
#define _No_competing_thread_end_
#endif
#ifndef _Notliteral_
#define _Notliteral_
#endif
#ifndef _Notnull_
#define _Notnull_
#endif
#ifndef _Notvalid_
#define _Notvalid_
#endif
#ifndef _Null_
#define _Null_
#endif
#ifndef _Null_terminated_
#define _Null_terminated_
#endif
#ifndef _NullNull_terminated_
#define _NullNull_terminated_
#endif
#ifndef _On_failure_
#define _On_failure_(...)
#endif
#ifndef _Out_
#define _Out_
#endif
#ifndef _Out_bytecap_
#define _Out_bytecap_(...)
#endif
#ifndef _Out_bytecap_c_
#define _Out_bytecap_c_(...)
#endif
#ifndef _Out_bytecap_post_bytecount_
#define _Out_bytecap_post_bytecount_(...)
#endif
#ifndef _Out_bytecap_x_
#define _Out_bytecap_x_(...)
#endif
#ifndef _Out_bytecapcount_
#define _Out_bytecapcount_(...)
#endif
#ifndef _Out_bytecapcount_x_
#define _Out_bytecapcount_x_(...)
#endif
#ifndef _Out_cap_
#define _Out_cap_(...)
#endif
#ifndef _Out_cap_c_
#define _Out_cap_c_(...)
#endif
#ifndef _Out_cap_m_
#define _Out_cap_m_(...)
#endif
#ifndef _Out_cap_post_count_
#define _Out_cap_post_count_(...)
#endif
#ifndef _Out_cap_x_
#define _Out_cap_x_(...)
#endif
#ifndef _Out_capcount_
#define _Out_capcount_(...)
#endif
#ifndef _Out_capcount_x_
#define _Out_capcount_x_(...)
#endif
#ifndef _Out_defensive_
#define _Out_defensive_(...)
#endif
#ifndef _Out_opt_
#define _Out_opt_
#endif
#ifndef _Out_opt_bytecap_
#define _Out_opt_bytecap_(...)
#endif
#ifndef _Out_opt_bytecap_c_
#define _Out_opt_bytecap_c_(...)
#endif
#ifndef _Out_opt_bytecap_post_bytecount_
#define _Out_opt_bytecap_post_bytecount_(...)
#endif
#ifndef _Out_opt_bytecap_x_
#define _Out_opt_bytecap_x_(...)
#endif
#ifndef _Out_opt_bytecapcount_
#define _Out_opt_bytecapcount_(...)
#endif
#ifndef _Out_opt_bytecapcount_x_
#define _Out_opt_bytecapcount_x_(...)
#endif
#ifndef _Out_opt_cap_
#define _Out_opt_cap_(...)
#endif
#ifndef _Out_opt_cap_c_
#define _Out_opt_cap_c_(...)
#endif
#ifndef _Out_opt_cap_m_
#define _Out_opt_cap_m_(...)
#endif
#ifndef _Out_opt_cap_post_count_
#define _Out_opt_cap_post_count_(...)
#endif
#ifndef _Out_opt_cap_x_
#define _Out_opt_cap_x_(...)
#endif
#ifndef _Out_opt_capcount_
#define _Out_opt_capcount_(...)
#endif
#ifndef _Out_opt_capcount_x_
#define _Out_opt_capcount_x_(...)
#endif
#ifndef _Out_opt_ptrdiff_cap_
#define _Out_opt_ptrdiff_cap_(...)
#endif
#ifndef _Out_opt_z_bytecap_
#define _Out_opt_z_bytecap_(...)
#endif
#ifndef _Out_opt_z_bytecap_c_
#define _Out_opt_z_bytecap_c_(...)
#endif
#ifndef _Out_opt_z_bytecap_post_bytecount_
#define _Out_opt_z_bytecap_post_bytecount_(...)
#endif
#ifndef _Out_opt_z_bytecap_x_
#define _Out_opt_z_bytecap_x_(...)
#endif
#ifndef _Out_opt_z_bytecapcount_
#define _Out_opt_z_bytecapcount_(...)
#endif
#ifndef _Out_opt_z_cap_
#define _Out_opt_z_cap_(...)
#endif
#ifndef _Out_opt_z_cap_c_
#define _Out_opt_z_cap_c_(...)
#endif
#ifndef _Out_opt_z_cap_m_
#define _Out_opt_z_cap_m_(...)
#endif
#ifndef _Out_opt_z_cap_post_count_
#define _Out_opt_z_cap_post_count_(...)
#endif
#ifndef _Out_opt_z_cap_x_
#define _Out_opt_z_cap_x_(...)
#endif
#ifndef _Out_opt_z_capcount_
#define _Out_opt_z_capcount_(...)
#endif
#ifndef _Out_ptrdiff_cap_
#define _Out_ptrdiff_cap_(...)
#endif
#ifndef _Out_range_
#define _Out_range_(...)
#endif
#ifndef _Out_writes_
#define _Out_writes_(...)
#endif
#ifndef _Out_writes_all_
#define _Out_writes_all_(...)
#endif
#ifndef _Out_writes_all_opt_
#define _Out_writes_all_opt_(...)
#endif
#ifndef _Out_writes_bytes_
#define _Out_writes_bytes_(...)
#endif
#ifndef _Out_writes_bytes_all_
#define _Out_writes_bytes_all_(...)
#endif
#ifndef _Out_writes_bytes_all_opt_
#define _Out_writes_bytes_all_opt_(...)
#endif
#ifndef _Out_writes_bytes_opt_
#define _Out_writes_bytes_opt_(...)
#endif
#ifndef _Out_writes_bytes_to_
#define _Out_writes_bytes_to_(...)
#endif
#ifndef _Out_writes_bytes_to_opt_
#define _Out_writes_bytes_to_opt_(...)
#endif
#ifndef _Out_writes_opt_
#define _Out_writes_opt_(...)
#endif
#ifndef _Out_writes_opt_z_
#define _Out_writes_opt_z_(...)
#endif
#ifndef _Out_writes_to_
#define _Out_writes_to_(...)
#endif
#ifndef _Out_writes_to_opt_
#define _Out_writes_to_opt_(...)
#endif
#ifndef _Out_writes_to_ptr_
#define _Out_writes_to_ptr_(...)
#endif
#ifndef _Out_writes_to_ptr_opt_
#define _Out_writes_to_ptr_opt_(...)
#endif
#ifndef _Out_writes_to_ptr_opt_z_
#define _Out_writes_to_ptr_opt_z_(...)
#endif
#ifndef _Out_writes_to_ptr_z_
#define _Out_writes_to_ptr_z_(...)
#endif
#ifndef _Out_writes_z_
#define _Out_writes_z_(...)
#endif
#ifndef _Out_z_bytecap_
#define _Out_z_bytecap_(...)
#endif
#ifndef _Out_z_bytecap_c_
#define _Out_z_bytecap_c_(...)
#endif
#ifndef _Out_z_bytecap_post_bytecount_
#define _Out_z_bytecap_post_bytecount_(...)
#endif
#ifndef _Out_z_bytecap_x_
#define _Out_z_bytecap_x_(...)
#endif
#ifndef _Out_z_bytecapcount_
#define _Out_z_bytecapcount_(...)
#endif
#ifndef _Out_z_cap_
#define _Out_z_cap_(...)
#endif
#ifndef _Out_z_cap_c_
#define _Out_z_cap_c_(...)
#endif
#ifndef _Out_z_cap_m_
#define _Out_z_cap_m_(...)
#endif
#ifndef _Out_z_cap_post_count_
#define _Out_z_cap_post_count_(...)
#endif
#ifndef _Out_z_cap_x_
#define _Out_z_cap_x_(...)
#endif
#ifndef _Out_z_capcount_
#define _Out_z_capcount_(...)
#endif
#ifndef _Outptr_
#define _Outptr_
#endif
#ifndef _Outptr_opt_
#define _Outptr_opt_
#endif
#ifndef _Outptr_opt_result_buffer_
#define _Outptr_opt_result_buffer_(...)
#endif
#ifndef _Outptr_opt_result_buffer_all_
#define _Outptr_opt_result_buffer_all_(...)
#endif
#ifndef _Outptr_opt_result_buffer_all_maybenull_
#define _Outptr_opt_result_buffer_all_maybenull_(...)
#endif
#ifndef _Outptr_opt_result_buffer_maybenull_
#define _Outptr_opt_result_buffer_maybenull_(...)
#endif
#ifndef _Outptr_opt_result_buffer_to_
#define _Outptr_opt_result_buffer_to_(...)
#endif
#ifndef _Outptr_opt_result_buffer_to_maybenull_
#define _Outptr_opt_result_buffer_to_maybenull_(...)
#endif
#ifndef _Outptr_opt_result_bytebuffer_
#define _Outptr_opt_result_bytebuffer_(...)
#endif
#ifndef _Outptr_opt_result_bytebuffer_all_
#define _Outptr_opt_result_bytebuffer_all_(...)
#endif
#ifndef _Outptr_opt_result_bytebuffer_all_maybenull_
#define _Outptr_opt_result_bytebuffer_all_maybenull_(...)
#endif
#ifndef _Outptr_opt_result_bytebuffer_maybenull_
#define _Outptr_opt_result_bytebuffer_maybenull_(...)
#endif
#ifndef _Outptr_opt_result_bytebuffer_to_
#define _Outptr_opt_result_bytebuffer_to_(...)
#endif
#ifndef _Outptr_opt_result_bytebuffer_to_maybenull_
#define _Outptr_opt_result_bytebuffer_to_maybenull_(...)
#endif
#ifndef _Outptr_opt_result_maybenull_
#define _Outptr_opt_result_maybenull_
#endif
#ifndef _Outptr_opt_result_maybenull_z_
#define _Outptr_opt_result_maybenull_z_
#endif
#ifndef _Outptr_opt_result_nullonfailure_
#define _Outptr_opt_result_nullonfailure_
#endif
#ifndef _Outptr_opt_result_z_
#define _Outptr_opt_result_z_
#endif
#ifndef _Outptr_result_buffer_
#define _Outptr_result_buffer_(...)
#endif
#ifndef _Outptr_result_buffer_all_
#define _Outptr_result_buffer_all_(...)
#endif
#ifndef _Outptr_result_buffer_all_maybenull_
#define _Outptr_result_buffer_all_maybenull_(...)
#endif
#ifndef _Outptr_result_buffer_maybenull_
#define _Outptr_result_buffer_maybenull_(...)
#endif
#ifndef _Outptr_result_buffer_to_
#define _Outptr_result_buffer_to_(...)
#endif
#ifndef _Outptr_result_buffer_to_maybenull_
#define _Outptr_result_buffer_to_maybenull_(...)
#endif
#ifndef _Outptr_result_bytebuffer_
#define _Outptr_result_bytebuffer_(...)
#endif
#ifndef _Outptr_result_bytebuffer_all_
#define _Outptr_result_bytebuffer_all_(...)
#endif
#ifndef _Outptr_result_bytebuffer_all_maybenull_
#define _Outptr_result_bytebuffer_all_maybenull_(...)
#endif
#ifndef _Outptr_result_bytebuffer_maybenull_
#define _Outptr_result_bytebuffer_maybenull_(...)
#endif
#ifndef _Outptr_result_bytebuffer_to_
#define _Outptr_result_bytebuffer_to_(...)
#endif
#ifndef _Outptr_result_bytebuffer_to_maybenull_
#define _Outptr_result_bytebuffer_to_maybenull_(...)
#endif
#ifndef _Outptr_result_maybenull_
#define _Outptr_result_maybenull_
#endif
#ifndef _Outptr_result_maybenull_z_
#define _Outptr_result_maybenull_z_
#endif
#ifndef _Outptr_result_nullonfailure_
#define _Outptr_result_nullonfailure_
#endif
#ifndef _Outptr_result_z_
#define _Outptr_result_z_
#endif
#ifndef _Outref_
#define _Outref_
#endif
#ifndef _Outref_result_buffer_
#define _Outref_result_buffer_(...)
#endif
#ifndef _Outref_result_buffer_all_
#define _Outref_result_buffer_all_(...)
#endif
#ifndef _Outref_result_buffer_all_maybenull_
#define _Outref_result_buffer_all_maybenull_(...)
#endif
#ifndef _Outref_result_buffer_maybenull_
#define _Outref_result_buffer_maybenull_(...)
#endif
#ifndef _Outref_result_buffer_to_
#define _Outref_result_buffer_to_(...)
#endif
#ifndef _Outref_result_buffer_to_maybenull_
#define _Outref_result_buffer_to_maybenull_(...)
#endif
#ifndef _Outref_result_bytebuffer_
#define _Outref_result_bytebuffer_(...)
#endif
#ifndef _Outref_result_bytebuffer_all_
#define _Outref_result_bytebuffer_all_(...)
#endif
#ifndef _Outref_result_bytebuffer_all_maybenull_
#define _Outref_result_bytebuffer_all_maybenull_(...)
#endif
#ifndef _Outref_result_bytebuffer_maybenull_
#define _Outref_result_bytebuffer_maybenull_(...)
#endif
#ifndef _Outref_result_bytebuffer_to_
#define _Outref_result_bytebuffer_to_(...)
#endif
#ifndef _Outref_result_bytebuffer_to_maybenull_
#define _Outref_result_bytebuffer_to_maybenull_(...)
#endif
#ifndef _Outref_result_maybenull_
#define _Outref_result_maybenull_
#endif
#ifndef _Outref_result_nullonfailure_
#define _Outref_result_nullonfailure_
#endif
#ifndef _Points_to_data_
#define _Points_to_data_
#endif
#ifndef _Post_
#define _Post_
#endif
#ifndef _Post_equal_to_
#define _Post_equal_to_(...)
#endif
#ifndef _Post_equals_last_error_
#define _Post_equals_last_error_
#endif
#ifndef _Post_invalid_
#define _Post_invalid_
#endif
#ifndef _Post_maybenull_
#define _Post_maybenull_
#endif
#ifndef _Post_notnull_
#define _Post_notnull_
#endif
#ifndef _Post_notvalid_
#define _Post_notvalid_
#endif
#ifndef _Post_ptr_invalid_
#define _Post_ptr_invalid_
#endif
#ifndef _Post_readable_byte_size_
#define _Post_readable_byte_size_(...)
#endif
#ifndef _Post_readable_size_
#define _Post_readable_size_(...)
#endif
#ifndef _Post_same_lock_
#define _Post_same_lock_(...)
#endif
#ifndef _Post_satisfies_
#define _Post_satisfies_(...)
#endif
#ifndef _Post_valid_
#define _Post_valid_
#endif
#ifndef _Post_writable_byte_size_
#define _Post_writable_byte_size_(...)
#endif
#ifndef _Post_writable_size_
#define _Post_writable_size_(...)
#endif
#ifndef _Post_z_
#define _Post_z_
#endif
#ifndef _Pre_cap_
#define _Pre_cap_(...)
#endif
#ifndef _Pre_equal_to_
#define _Pre_equal_to_(...)
#endif
#ifndef _Pre_maybenull_
#define _Pre_maybenull_
#endif
#ifndef _Pre_notnull_
#define _Pre_notnull_
#endif
#ifndef _Pre_notvalid_
#define _Pre_notvalid_
#endif
#ifndef _Pre_null_
#define _Pre_null_
#endif
#ifndef _Pre_readable_byte_size_
#define _Pre_readable_byte_size_(...)
#endif
#ifndef _Pre_readable_size_
#define _Pre_readable_size_(...)
#endif
#ifndef _Pre_satisfies_
#define _Pre_satisfies_(...)
#endif
#ifndef _Pre_valid_
#define _Pre_valid_
#endif
#ifndef _Pre_writable_byte_size_
#define _Pre_writable_byte_size_(...)
#endif
#ifndef _Pre_writable_size_
#define _Pre_writable_size_(...)
#endif
#ifndef _Pre_z_
#define _Pre_z_
#endif
#ifndef _Printf_format_string_
#define _Printf_format_string_
#endif
#ifndef _Printf_format_string_params_
#define _Printf_format_string_params_(...)
#endif
#ifndef _Raises_SEH_exception_
#define _Raises_SEH_exception_
#endif
#ifndef _Readable_bytes_
#define _Readable_bytes_(...)
#endif
#ifndef _Readable_elements_
#define _Readable_elements_(...)
#endif
#ifndef _Releases_exclusive_lock_
#define _Releases_exclusive_lock_(...)
#endif
#ifndef _Releases_lock_
#define _Releases_lock_(...)
#endif
#ifndef _Releases_nonreentrant_lock_
#define _Releases_nonreentrant_lock_(...)
#endif
#ifndef _Releases_shared_lock_
#define _Releases_shared_lock_(...)
#endif
#ifndef _Requires_exclusive_lock_held_
#define _Requires_exclusive_lock_held_(...)
#endif
#ifndef _Requires_lock_held_
#define _Requires_lock_held_(...)
#endif
#ifndef _Requires_lock_not_held_
#define _Requires_lock_not_held_(...)
#endif
#ifndef _Requires_shared_lock_held_
#define _Requires_shared_lock_held_(...)
#endif
#ifndef _Reserved_
#define _Reserved_
#endif
#ifndef _Result_nullonfailure_
#define _Result_nullonfailure_
#endif
#ifndef _Result_zeroonfailure_
#define _Result_zeroonfailure_
#endif
#ifndef _Ret_maybenull_
#define _Ret_maybenull_
#endif
#ifndef _Ret_maybenull_z_
#define _Ret_maybenull_z_
#endif
#ifndef _Ret_notnull_
#define _Ret_notnull_
#endif
#ifndef _Ret_null_
#define _Ret_null_
#endif
#ifndef _Ret_opt_
#define _Ret_opt_
#endif
#ifndef _Ret_range_
#define _Ret_range_(...)
#endif
#ifndef _Ret_valid_
#define _Ret_valid_
#endif
#ifndef _Ret_writes_
#define _Ret_writes_(...)
#endif
#ifndef _Ret_writes_bytes_
#define _Ret_writes_bytes_(...)
#endif
#ifndef _Ret_writes_bytes_maybenull_
#define _Ret_writes_bytes_maybenull_(...)
#endif
#ifndef _Ret_writes_bytes_to_
#define _Ret_writes_bytes_to_(...)
#endif
#ifndef _Ret_writes_bytes_to_maybenull_
#define _Ret_writes_bytes_to_maybenull_(...)
#endif
#ifndef _Ret_writes_maybenull_
#define _Ret_writes_maybenull_(...)
#endif
#ifndef _Ret_writes_maybenull_z_
#define _Ret_writes_maybenull_z_(...)
#endif
#ifndef _Ret_writes_to_
#define _Ret_writes_to_(...)
#endif
#ifndef _Ret_writes_to_maybenull_
#define _Ret_writes_to_maybenull_(...)
#endif
#ifndef _Ret_writes_z_
#define _Ret_writes_z_(...)
#endif
#ifndef _Ret_z_
#define _Ret_z_
#endif
#ifndef _Return_type_success_
#define _Return_type_success_(...)
#endif
#ifndef _Scanf_format_string_
#define _Scanf_format_string_
#endif
#ifndef _Scanf_format_string_params_
#define _Scanf_format_string_params_(...)
#endif
#ifndef _Scanf_s_format_string_
#define _Scanf_s_format_string_
#endif
#ifndef _Scanf_s_format_string_params_
#define _Scanf_s_format_string_params_(...)
#endif
#ifndef _Strict_type_match_
#define _Strict_type_match_
#endif
#ifndef _Struct_size_bytes_
#define _Struct_size_bytes_(...)
#endif
#ifndef _Success_
#define _Success_(...)
#endif
#ifndef _Unchanged_
#define _Unchanged_(...)
#endif
#ifndef _Use_decl_annotations_
#define _Use_decl_annotations_
#endif
#ifndef _Valid_
#define _Valid_
#endif
#ifndef _When_
#define _When_(...)
#endif
#ifndef _Writable_bytes_
#define _Writable_bytes_(...)
#endif
#ifndef _Writable_elements_
#define _Writable_elements_(...)
#endif
#ifndef _Write_guarded_by_
#define _Write_guarded_by_(...)
#endif

#endif
