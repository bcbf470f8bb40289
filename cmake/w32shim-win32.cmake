# Included at the end of project() by w32shim's toolchain file: the
# project's if(WIN32) branches are taken (w32shim-toolchain.cmake).
set(WIN32 1)
