# -*- coding: utf-8 -*-
'''bluetoothd mock: python-dbusmock's bluez5 template, with the
org.bluez.LEAdvertisingManager1 interface that BlueZ's
doc/org.bluez.LEAdvertisingManager.rst describes.

RegisterAdvertisement reads the advertisement's properties back from the
caller, as bluetoothd does, refuses a path registered already
(org.bluez.Error.AlreadyExists), data over the 31 bytes of a legacy
advertisement (org.bluez.Error.InvalidLength), and more advertisements than
the controller has instances; StartDiscovery refuses a scan already running
(org.bluez.Error.InProgress). The test reads what was registered with
org.bluez.Mock.GetAdvertisements.
'''

# SPDX-License-Identifier: LGPL-2.1-or-later

import dbus

import dbusmock

from dbusmock import mockobject
from dbusmock.templates import bluez5
from dbusmock.templates.bluez5 import *  # noqa: F401,F403 (the bluez5 methods)

BUS_NAME = bluez5.BUS_NAME
MAIN_OBJ = bluez5.MAIN_OBJ
SYSTEM_BUS = True
IS_OBJECT_MANAGER = True

LE_ADV_MANAGER_IFACE = 'org.bluez.LEAdvertisingManager1'
LE_ADV_IFACE = 'org.bluez.LEAdvertisement1'
INSTANCES = 4


def load(mock, parameters):
    bluez5.load(mock, parameters)


def _ad_data(props):
    '''the advertising data bluetoothd would send: no flags for "broadcast"'''
    data = bytearray()
    uuids = props.get('ServiceUUIDs', [])
    if uuids:
        field = bytearray()
        for uuid in uuids:
            value = int(str(uuid), 16)
            field += bytes([value & 0xff, value >> 8])
        data += bytes([len(field) + 1, 0x03]) + field
    for company, value in props.get('ManufacturerData', {}).items():
        field = bytes([int(company) & 0xff, int(company) >> 8]) + bytes(value)
        data += bytes([len(field) + 1, 0xff]) + field
    for uuid, value in props.get('ServiceData', {}).items():
        number = int(str(uuid), 16)
        field = bytes([number & 0xff, number >> 8]) + bytes(value)
        data += bytes([len(field) + 1, 0x16]) + field
    if props.get('Type', 'broadcast') != 'broadcast':
        data = bytes([2, 0x01, 0x06]) + data
    return bytes(data)


def _start_discovery(adapter):
    if adapter.props[bluez5.ADAPTER_IFACE]['Discovering']:
        raise dbus.exceptions.DBusException('Operation already in progress',
                                            name='org.bluez.Error.InProgress')
    bluez5.StartDiscovery(adapter)


@dbus.service.method(bluez5.BLUEZ_MOCK_IFACE, in_signature='ss', out_signature='s')
def AddAdvertisingAdapter(self, device_name, system_name):
    path = bluez5.AddAdapter(self, device_name, system_name)
    adapter = mockobject.objects[path]
    props = {
        'ActiveInstances': dbus.Byte(0),
        'SupportedInstances': dbus.Byte(INSTANCES),
        'SupportedIncludes': dbus.Array(['tx-power', 'local-name'], signature='s'),
    }
    adapter.AddProperties(LE_ADV_MANAGER_IFACE, props)
    adapter.advertisements = {}
    # bluetoothd refuses a second StartDiscovery from a client whose scan runs
    adapter.AddMethods(bluez5.ADAPTER_IFACE, [
        ('StartDiscovery', '', '', _start_discovery),
    ])
    # bluetoothd announces each interface of an object as it appears
    self.EmitSignal(dbusmock.OBJECT_MANAGER_IFACE, 'InterfacesAdded', 'oa{sa{sv}}',
                    [dbus.ObjectPath(path), {LE_ADV_MANAGER_IFACE: props}])
    return path


@dbus.service.method(LE_ADV_MANAGER_IFACE, in_signature='oa{sv}', out_signature='',
                     sender_keyword='sender')
def RegisterAdvertisement(self, path, options, sender=None):
    if not hasattr(self, 'advertisements'):
        raise dbus.exceptions.DBusException('not an advertising adapter',
                                            name='org.bluez.Error.NotSupported')
    key = (sender, str(path))
    if key in self.advertisements:
        raise dbus.exceptions.DBusException('Advertisement already registered',
                                            name='org.bluez.Error.AlreadyExists')
    if len(self.advertisements) >= INSTANCES:
        raise dbus.exceptions.DBusException('Maximum advertisements reached',
                                            name='org.bluez.Error.NotPermitted')
    # as bluetoothd does: the properties are read back from the caller, now
    proxy = self.connection.get_object(sender, path, introspect=False)
    props = proxy.GetAll(LE_ADV_IFACE, dbus_interface=dbus.PROPERTIES_IFACE)
    if str(props.get('Type', '')) not in ('broadcast', 'peripheral'):
        raise dbus.exceptions.DBusException('Type must be broadcast or peripheral',
                                            name='org.bluez.Error.InvalidArguments')
    data = _ad_data(props)
    if len(data) > 31:
        raise dbus.exceptions.DBusException('Advertising data too long',
                                            name='org.bluez.Error.InvalidLength')
    self.advertisements[key] = data
    self.Set(LE_ADV_MANAGER_IFACE, 'ActiveInstances', dbus.Byte(len(self.advertisements)))


@dbus.service.method(LE_ADV_MANAGER_IFACE, in_signature='o', out_signature='',
                     sender_keyword='sender')
def UnregisterAdvertisement(self, path, sender=None):
    key = (sender, str(path))
    if key not in getattr(self, 'advertisements', {}):
        raise dbus.exceptions.DBusException('Advertisement not registered',
                                            name='org.bluez.Error.DoesNotExist')
    del self.advertisements[key]
    self.Set(LE_ADV_MANAGER_IFACE, 'ActiveInstances', dbus.Byte(len(self.advertisements)))


@dbus.service.method(bluez5.BLUEZ_MOCK_IFACE, in_signature='s', out_signature='a(ss)')
def GetAdvertisements(self, device_name):
    '''(object path, advertising data in hex) of every registered advertisement'''
    adapter = mockobject.objects['/org/bluez/' + device_name]
    return [(path, data.hex()) for (_, path), data in sorted(adapter.advertisements.items())]


@dbus.service.method(bluez5.BLUEZ_MOCK_IFACE, in_signature='oa{sv}', out_signature='')
def Advertise(self, device_path, props):
    '''what bluetoothd does when a device's advertisement arrives: the Device1
    properties (ManufacturerData, ServiceData, RSSI) change, in one
    PropertiesChanged signal'''
    device = mockobject.objects[str(device_path)]
    changed = {}
    for name, value in props.items():
        device.props[bluez5.DEVICE_IFACE][str(name)] = value
        changed[str(name)] = value
    device.EmitSignal(dbus.PROPERTIES_IFACE, 'PropertiesChanged', 'sa{sv}as',
                      [bluez5.DEVICE_IFACE, changed, dbus.Array([], signature='s')])
